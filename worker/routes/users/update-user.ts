// PUT /users/{id}: change a user's username and/or email
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { updateUserAsAdmin } from "../../services/users/user-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { UpdateUserBody, USER_NOT_FOUND, UserSchema } from "./schema";

const route = createRoute({
  method: "put",
  path: "/users/{id}",
  ...requires("operator"),
  tags: ["users"],
  request: { params: IdParams, body: jsonBody(UpdateUserBody) },
  responses: {
    200: jsonResponse(UserSchema, "The updated user"),
    400: errorResponse("No valid field, or an invalid value"),
    404: USER_NOT_FOUND,
    409: errorResponse("Username or email already taken"),
  },
});

export function registerUpdateUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await updateUserAsAdmin(c.var, c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
