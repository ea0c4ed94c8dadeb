// PUT /users/{id}: change a user's username and/or email
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { invalidateCaches } from "../../cache/invalidate";
import { IdParam } from "../../lib/validation";
import { requireAdmin } from "../../services/auth/access";
import { serializeUser } from "../../services/users/serialize";
import { updateUser } from "../../services/users/update-user";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { UpdateUserBody, UserSchema } from "./schema";

const route = createRoute({
  method: "put",
  path: "/users/{id}",
  tags: ["users"],
  request: { params: z.object({ id: IdParam }), body: jsonBody(UpdateUserBody) },
  responses: {
    200: jsonResponse(UserSchema, "The updated user"),
    400: errorResponse("No valid field, or an invalid value"),
    404: errorResponse("No such user"),
    409: errorResponse("Username or email already taken"),
  },
});

export function registerUpdateUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    requireAdmin(c.var);
    const { id } = c.req.valid("param");
    const user = await updateUser(c.var.database(), id, c.req.valid("json"));
    await invalidateCaches(c.var.cache, { users: [id], lists: ["users"] }, c.var.requestId);
    return c.json(serializeUser(user), 200);
  });
}
