// DELETE /urls/{id}: soft delete (the link stops redirecting; PUT is_active=true restores it)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { removeUrl } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse, MessageSchema } from "../shared/responses";

const route = createRoute({
  method: "delete",
  path: "/urls/{id}",
  ...requires("links:write"),
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(MessageSchema, "Deactivated (or already inactive)"),
    404: errorResponse("No such url"),
  },
});

export function registerDeleteUrl(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await removeUrl(c.var, c.req.valid("param").id);
    return c.json({ message: "deleted" }, 200);
  });
}
