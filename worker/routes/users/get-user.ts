// GET /users/{id}: one user
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { userKey } from "../../cache/entity-cache";
import { readThrough } from "../../cache/read-through";
import { IdParam } from "../../lib/validation";
import { assertOwnUser } from "../../services/auth/access";
import { getUserOrThrow } from "../../services/users/get-user";
import { serializeUser } from "../../services/users/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { UserSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/users/{id}",
  tags: ["users"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(UserSchema, "The user"),
    404: errorResponse("No such user"),
  },
});

export function registerGetUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    assertOwnUser(c.var, id);
    const user = await readThrough({
      cache: "user",
      fromCache: () => c.var.cache.entities.get(userKey(id), UserSchema),
      load: async () => serializeUser(await getUserOrThrow(c.var.database(), id)),
      fill: (value) => c.var.cache.entities.fill(userKey(id), value),
      defer: c.var.defer,
    });
    return c.json(user, 200);
  });
}
