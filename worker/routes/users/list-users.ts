// GET /users: list users by id, paginated with page and per_page
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { listUsers } from "../../services/users/list-users";
import { serializeUser } from "../../services/users/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { UserSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/users",
  tags: ["users"],
  request: { query: PaginationQuery },
  responses: {
    200: jsonResponse(z.array(UserSchema), "Users in id order"),
    400: errorResponse("Invalid page or per_page"),
  },
});

export function registerListUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const rows = await listUsers(c.var.database(), resolveWindow(c.req.valid("query")));
    return c.json(rows.map(serializeUser), 200);
  });
}
