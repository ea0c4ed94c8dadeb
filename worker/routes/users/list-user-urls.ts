// GET /users/{id}/urls: every url the user owns, active or not
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { readUserUrls } from "../../services/urls/url-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { UrlSchema } from "../urls/schema";
import { USER_NOT_FOUND } from "./schema";

const route = createRoute({
  method: "get",
  path: "/users/{id}/urls",
  ...requires("links:read"),
  tags: ["users", "urls"],
  request: { params: IdParams, query: PaginationQuery },
  responses: {
    200: jsonResponse(z.array(UrlSchema), "The user's urls in id order"),
    404: USER_NOT_FOUND,
  },
});

export function registerListUserUrls(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await readUserUrls(c.var, c.req.valid("param").id, resolveWindow(c.req.valid("query"))), 200),
  );
}
