// GET /urls: list urls, filtered by user_id and is_active, paginated
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { UrlListSchema } from "../../contracts/responses";
import { PaginationQuery } from "../../lib/pagination";
import { readUrls } from "../../services/urls/url-use-cases";
import { errorResponse, jsonResponse } from "../shared/responses";
import { ListUrlsQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/urls",
  tags: ["urls"],
  request: { query: ListUrlsQuery.extend(PaginationQuery.shape) },
  responses: {
    200: jsonResponse(UrlListSchema, "Urls in id order"),
    400: errorResponse("Invalid filter or page"),
  },
});

export function registerListUrls(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await readUrls(c.var, c.req.valid("query")), 200));
}
