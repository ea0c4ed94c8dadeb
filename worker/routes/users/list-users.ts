// GET /users: list users by id, paginated with page and per_page
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readThrough } from "../../cache/read-through";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { ownerScope } from "../../services/auth/access";
import { getUserOrThrow } from "../../services/users/get-user";
import { listUsers } from "../../services/users/list-users";
import { serializeUser } from "../../services/users/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { UserSchema } from "./schema";

const UserList = z.array(UserSchema);

const route = createRoute({
  method: "get",
  path: "/users",
  tags: ["users"],
  request: { query: PaginationQuery },
  responses: {
    200: jsonResponse(UserList, "Users in id order"),
    400: errorResponse("Invalid page or per_page"),
  },
});

export function registerListUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const scope = ownerScope(c.var);
    if (scope !== undefined) {
      // A user's key sees one user: its own.
      const self = serializeUser(await getUserOrThrow(c.var.database(), scope));
      return c.json(query.page && query.page > 1 ? [] : [self], 200);
    }
    const cacheField = `page=${query.page ?? ""}&per_page=${query.per_page ?? ""}`;
    const users = await readThrough({
      cache: "user_list",
      fromCache: () => c.var.cache.entities.getList("users", cacheField, UserList),
      load: async () => (await listUsers(c.var.database(), resolveWindow(query))).map(serializeUser),
      fill: (value) => c.var.cache.entities.fillList("users", cacheField, value),
      defer: c.var.defer,
    });
    return c.json(users, 200);
  });
}
