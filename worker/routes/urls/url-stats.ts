// GET /urls/{id}/stats: clicks of a link, in total and broken down (its owner or the admin)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { readUrlStats } from "../../services/urls/url-use-cases";
import { errorResponse, jsonResponse } from "../shared/responses";

const count = z.number().int();

const StatsSchema = z
  .object({
    url_id: z.number().int(),
    total: count,
    by_day: z.array(z.object({ day: z.string(), clicks: count })),
    by_referrer: z.array(z.object({ referrer: z.string().nullable(), clicks: count })),
    by_country: z.array(z.object({ country: z.string().nullable(), clicks: count })),
    by_device: z.array(z.object({ device: z.string().nullable(), clicks: count })),
    by_class: z.array(z.object({ class: z.string().nullable(), clicks: count })),
    by_source: z
      .array(z.object({ source: z.string().nullable(), clicks: count }))
      .openapi({ description: 'Clicks by source: "qr" for scans of the link\'s QR code; null: the short URL itself' }),
    by_rule: z
      .array(z.object({ rule: z.number().int().nullable(), clicks: count }))
      .openapi({ description: "Clicks by the rule (its index) that chose the destination; null: the link's own" }),
    by_variant: z
      .array(z.object({ rule: z.number().int().nullable(), variant: z.number().int().nullable(), clicks: count }))
      .openapi({ description: "Clicks of A/B splits by rule and variant (indexes)" }),
  })
  .openapi("UrlStats");

const route = createRoute({
  method: "get",
  path: "/urls/{id}/stats",
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(StatsSchema, "Clicks recorded for the link (written by the click queue's consumer)"),
    404: errorResponse("No such url"),
  },
});

export function registerUrlStats(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await readUrlStats(c.var, c.req.valid("param").id), 200));
}
