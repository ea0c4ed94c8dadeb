// GET /users: list users by id, paginated with page and per_page
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { UserListSchema } from "../../contracts/responses";
import { PaginationQuery } from "../../lib/pagination";
import { readUsers } from "../../services/users/user-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const route = createRoute({
  method: "get",
  path: "/users",
  ...requires("links:read"),
  tags: ["users"],
  request: { query: PaginationQuery },
  responses: {
    200: jsonResponse(UserListSchema, "Users in id order"),
    400: errorResponse("Invalid page or per_page"),
  },
});

export function registerListUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await readUsers(c.var, c.req.valid("query")), 200));
}
