// GET /users/{id}: one user
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { readUser } from "../../services/users/user-use-cases";
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
  app.openapi(route, async (c) => c.json(await readUser(c.var, c.req.valid("param").id), 200));
}
