// GET /urls/{id}: one url, active or not
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { readUrl } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { UrlSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/urls/{id}",
  ...requires("links:read"),
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(UrlSchema, "The link"),
    404: errorResponse("No such url"),
  },
});

export function registerGetUrl(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await readUrl(c.var, c.req.valid("param").id), 200));
}
