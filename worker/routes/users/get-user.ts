// GET /users/{id}: one user
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readUser } from "../../services/users/user-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { USER_NOT_FOUND, UserSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/users/{id}",
  ...requires("links:read"),
  tags: ["users"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(UserSchema, "The user"),
    404: USER_NOT_FOUND,
  },
});

export function registerGetUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await readUser(c.var, c.req.valid("param").id), 200));
}
