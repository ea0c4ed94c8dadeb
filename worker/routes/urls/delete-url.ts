// DELETE /urls/{id}: soft delete (the link stops redirecting; PUT is_active=true restores it)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { invalidateCaches } from "../../cache/invalidate";
import { IdParam } from "../../lib/validation";
import { assertOwnsUrl } from "../../services/auth/access";
import { deactivateUrl } from "../../services/urls/deactivate-url";
import { errorResponse, jsonResponse, MessageSchema } from "../shared/responses";

const route = createRoute({
  method: "delete",
  path: "/urls/{id}",
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(MessageSchema, "Deactivated (or already inactive)"),
    404: errorResponse("No such url"),
  },
});

export function registerDeleteUrl(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    await assertOwnsUrl(c.var, id);
    const shortCode = await deactivateUrl(c.var.database(), id);
    await invalidateCaches(c.var.cache, { urls: [id], codes: [shortCode], lists: ["urls"] }, c.var.requestId);
    return c.json({ message: "deleted" }, 200);
  });
}
