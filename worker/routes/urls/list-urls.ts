// GET /urls: list urls, filtered (owner, active, state, health, a search, a creation window), by page
// or, with a sort or a cursor, by keyset: the next page's cursor comes in X-Next-Cursor and Link.
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { UrlListSchema } from "../../contracts/responses";
import { PaginationQuery } from "../../lib/pagination";
import { readUrls } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { ListUrlsQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/urls",
  ...requires("links:read"),
  tags: ["urls"],
  request: { query: ListUrlsQuery.extend(PaginationQuery.shape) },
  responses: {
    200: {
      ...jsonResponse(UrlListSchema, "Urls in id order, or in the sort's"),
      headers: {
        "X-Next-Cursor": {
          description: "With a sort or a cursor, when the page is full: the cursor of the next page",
          schema: { type: "string" },
        },
      },
    },
    400: errorResponse("Invalid filter, page, sort or cursor"),
  },
});

export function registerListUrls(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { urls, nextCursor } = await readUrls(c.var, c.req.valid("query"));
    if (nextCursor !== undefined) {
      const next = new URL(c.req.url);
      next.searchParams.set("cursor", nextCursor);
      next.searchParams.delete("page");
      c.header("X-Next-Cursor", nextCursor);
      c.header("Link", `<${next.pathname}${next.search}>; rel="next"`);
    }
    return c.json(urls, 200);
  });
}
