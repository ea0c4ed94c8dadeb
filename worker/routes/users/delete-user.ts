// DELETE /users/{id}: delete a user who owns no urls
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { deleteUserAsAdmin } from "../../services/users/user-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse, MessageSchema } from "../shared/responses";
import { USER_NOT_FOUND } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/users/{id}",
  ...requires("operator"),
  tags: ["users"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(MessageSchema, "Deleted"),
    404: USER_NOT_FOUND,
    409: errorResponse("The user still owns urls"),
  },
});

export function registerDeleteUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteUserAsAdmin(c.var, c.req.valid("param").id);
    return c.json({ message: "deleted" }, 200);
  });
}
