// DELETE /users/{id}: delete a user who owns no urls
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { deleteUserAsAdmin } from "../../services/users/user-use-cases";
import { errorResponse, jsonResponse, MessageSchema } from "../shared/responses";

const route = createRoute({
  method: "delete",
  path: "/users/{id}",
  tags: ["users"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(MessageSchema, "Deleted"),
    404: errorResponse("No such user"),
    409: errorResponse("The user still owns urls"),
  },
});

export function registerDeleteUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteUserAsAdmin(c.var, c.req.valid("param").id);
    return c.json({ message: "deleted" }, 200);
  });
}
