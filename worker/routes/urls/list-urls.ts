// GET /urls: list urls, filtered by user_id and is_active, paginated
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readThrough } from "../../cache/read-through";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { ownerScope } from "../../services/auth/access";
import { listUrls } from "../../services/urls/list-urls";
import { serializeUrl } from "../../services/urls/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { ListUrlsQuery, UrlSchema } from "./schema";

const UrlList = z.array(UrlSchema);

const route = createRoute({
  method: "get",
  path: "/urls",
  tags: ["urls"],
  request: { query: ListUrlsQuery.extend(PaginationQuery.shape) },
  responses: {
    200: jsonResponse(z.array(UrlSchema), "Urls in id order"),
    400: errorResponse("Invalid filter or page"),
  },
});

export function registerListUrls(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const scope = ownerScope(c.var);
    // A user's key lists its own urls only: another user_id filter finds nothing.
    if (scope !== undefined && query.user_id !== undefined && query.user_id !== scope) return c.json([], 200);
    const userId = scope ?? query.user_id;
    const filters = { userId, isActive: query.is_active };
    const cacheField = `user_id=${userId ?? ""}&is_active=${query.is_active ?? ""}&page=${query.page ?? ""}&per_page=${query.per_page ?? ""}`;
    const urls = await readThrough({
      cache: "url_list",
      fromCache: () => c.var.cache.entities.getList("urls", cacheField, UrlList),
      load: async () => (await listUrls(c.var.database(), filters, resolveWindow(query))).map(serializeUrl),
      fill: (value) => c.var.cache.entities.fillList("urls", cacheField, value),
      defer: c.var.defer,
    });
    return c.json(urls, 200);
  });
}
