// GET /urls/{id}: one url, active or not
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { urlKey } from "../../cache/entity-cache";
import { readThrough } from "../../cache/read-through";
import { notFound } from "../../lib/errors";
import { IdParam } from "../../lib/validation";
import { ownerScope } from "../../services/auth/access";
import { getUrlOrThrow } from "../../services/urls/get-url";
import { serializeUrl } from "../../services/urls/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { UrlSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/urls/{id}",
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(UrlSchema, "The link"),
    404: errorResponse("No such url"),
  },
});

export function registerGetUrl(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const url = await readThrough({
      cache: "url",
      fromCache: () => c.var.cache.entities.get(urlKey(id), UrlSchema),
      load: async () => serializeUrl(await getUrlOrThrow(c.var.database(), id)),
      fill: (value) => c.var.cache.entities.fill(urlKey(id), value),
      defer: c.var.defer,
    });
    const scope = ownerScope(c.var);
    if (scope !== undefined && url.user_id !== scope) throw notFound("url not found");
    return c.json(url, 200);
  });
}
