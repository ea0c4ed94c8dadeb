// POST /urls/{id}/health/check: check a link's destination now (its owner or the admin key).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { HealthSchema } from "../../contracts/responses";
import { IdParam } from "../../lib/validation";
import { checkLinkNow } from "../../services/link-health/check-link";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const route = createRoute({
  method: "post",
  path: "/urls/{id}/health/check",
  ...requires("links:write"),
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(
      z.object({ url_id: z.number().int(), health: HealthSchema }).openapi("HealthCheck"),
      "The check's result, as stored on the link",
    ),
    404: errorResponse("No such url"),
    409: errorResponse("The destination changed during the check"),
    429: errorResponse("Checked less than a minute ago (Retry-After says when to ask again)"),
  },
});

export function registerCheckHealth(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await checkLinkNow(c.var, c.req.valid("param").id, new URL(c.req.url).hostname), 200),
  );
}
