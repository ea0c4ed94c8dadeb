// POST /users: create a user (posting an identical user again returns it)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { invalidateCaches } from "../../cache/invalidate";
import { requireAdmin } from "../../services/auth/access";
import { createUser } from "../../services/users/create-user";
import { serializeUser } from "../../services/users/serialize";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateUserBody, UserSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/users",
  tags: ["users"],
  request: { body: jsonBody(CreateUserBody) },
  responses: {
    201: jsonResponse(UserSchema, "The created user, or the identical existing one"),
    400: errorResponse("Missing or invalid username or email"),
    409: errorResponse("Username or email already taken"),
  },
});

export function registerCreateUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    requireAdmin(c.var);
    const { user, created } = await createUser(c.var.database(), c.req.valid("json"));
    if (created) await invalidateCaches(c.var.cache, { lists: ["users"] }, c.var.requestId);
    return c.json(serializeUser(user), 201);
  });
}
