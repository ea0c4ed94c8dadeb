// GET /users/{id}/urls: every url the user owns, active or not
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { IdParam } from "../../lib/validation";
import { readUserUrls } from "../../services/urls/url-use-cases";
import { errorResponse, jsonResponse } from "../shared/responses";
import { UrlSchema } from "../urls/schema";

const route = createRoute({
  method: "get",
  path: "/users/{id}/urls",
  tags: ["users", "urls"],
  request: { params: z.object({ id: IdParam }), query: PaginationQuery },
  responses: {
    200: jsonResponse(z.array(UrlSchema), "The user's urls in id order"),
    404: errorResponse("No such user"),
  },
});

export function registerListUserUrls(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await readUserUrls(c.var, c.req.valid("param").id, resolveWindow(c.req.valid("query"))), 200),
  );
}
