// POST /users: create a user (posting an identical user again returns it)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { createUserAsAdmin } from "../../services/users/user-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateUserBody, UserSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/users",
  ...requires("operator"),
  tags: ["users"],
  request: { body: jsonBody(CreateUserBody) },
  responses: {
    201: jsonResponse(UserSchema, "The created user, or the identical existing one"),
    400: errorResponse("Missing or invalid username or email"),
    409: errorResponse("Username or email already taken"),
  },
});

export function registerCreateUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await createUserAsAdmin(c.var, c.req.valid("json")), 201));
}
