// GET /urls: list urls, filtered by user_id and is_active, paginated
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { listUrls } from "../../services/urls/list-urls";
import { serializeUrl } from "../../services/urls/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { ListUrlsQuery, UrlSchema } from "./schema";

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
    const rows = await listUrls(
      c.var.database(),
      { userId: query.user_id, isActive: query.is_active },
      resolveWindow(query),
    );
    return c.json(rows.map(serializeUrl), 200);
  });
}
