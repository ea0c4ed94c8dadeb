// GET /tags: the caller's tags (the admin key: all of them), by name
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery } from "../../lib/pagination";
import { readTags } from "../../services/tags/tag-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { ListTagsQuery, TagSchema } from "./schema";
import { serializeTag } from "./serialize";

const route = createRoute({
  method: "get",
  path: "/tags",
  ...requires("links:read"),
  tags: ["tags"],
  request: { query: ListTagsQuery.extend(PaginationQuery.shape) },
  responses: {
    200: jsonResponse(z.array(TagSchema), "The caller's tags (the admin key: all), by name"),
    400: errorResponse("Invalid user_id, page or per_page"),
  },
});

export function registerListTags(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json((await readTags(c.var, c.req.valid("query"))).map(serializeTag), 200));
}
