// GET /urls/{id}/stats: clicks of a link over a window, in total, per bucket and broken down (its
// owner or the admin)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { TIME_OR_DATE, timeQuery } from "../../contracts/time-query";
import { IdParam } from "../../lib/validation";
import { readUrlStats } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const count = z.number().int();

/** A window bound, rounded to the granularity. */
const statsTime = (field: string) =>
  timeQuery(field).openapi({ type: "string", description: `${TIME_OR_DATE}; rounded to the granularity` });

const StatsQuery = z
  .object({
    from: statsTime("from").openapi({
      description:
        "Start of the window, rounded down (default: the link's whole life, from its creation or its first click if earlier; hour: 48 hours before to)",
    }),
    to: statsTime("to").openapi({
      description: "End of the window (exclusive), rounded up (default: the end of the current bucket)",
    }),
    granularity: z.enum(["hour", "day"], { error: "granularity must be hour or day" }).optional().openapi({
      description: "Bucket size (default day); an hourly window is at most 31 days, a daily one 3660 days",
    }),
  })
  .strict();

const StatsSchema = z
  .object({
    url_id: z.number().int(),
    from: z.string().openapi({ description: "Start of the window (inclusive)" }),
    to: z.string().openapi({ description: "End of the window (exclusive)" }),
    granularity: z.enum(["hour", "day"]),
    total: count.openapi({ description: "Clicks of every class in the window" }),
    human: count.openapi({ description: "Clicks by people (not bots, previews, HEAD or prefetches)" }),
    unique: count.openapi({
      description:
        "Human clicks from visitors not seen on this link within the hour (see docs/API.md, Click analytics)",
    }),
    imported_clicks: count.openapi({
      description:
        "Clicks another shortener had counted before the link was imported (POST /urls/import): its whole life before, never in total or in any window",
    }),
    series: z
      .array(z.object({ start: z.string(), clicks: count, human: count, unique: count }))
      .openapi({ description: "Every bucket of the window, oldest first, empty ones at zero" }),
    by_day: z
      .array(z.object({ day: z.string(), clicks: count }))
      .optional()
      .openapi({ description: "Daily windows only: the days with clicks (the earlier shape of the series)" }),
    by_referrer: z.array(z.object({ referrer: z.string().nullable(), clicks: count })),
    by_country: z.array(z.object({ country: z.string().nullable(), clicks: count })),
    by_device: z.array(z.object({ device: z.string().nullable(), clicks: count })),
    by_browser: z.array(z.object({ browser: z.string().nullable(), clicks: count })).openapi({
      description:
        "Clicks by browser, read from the User-Agent (never stored): chrome, safari, firefox, edge, samsung, opera or other; null: not recorded (Global Privacy Control, or a click stored before browsers were)",
    }),
    by_os: z.array(z.object({ os: z.string().nullable(), clicks: count })).openapi({
      description:
        "Clicks by operating system, read from the User-Agent: ios, android, windows, macos (an iPad on iPadOS 13 or later says it is a Mac), linux, chromeos or other; null: not recorded, as for by_browser",
    }),
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
  ...requires("analytics:read"),
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }), query: StatsQuery },
  responses: {
    200: jsonResponse(StatsSchema, "Clicks of the link in the window, from its hourly, daily and whole-life rollups"),
    400: errorResponse("Invalid window"),
    404: errorResponse("No such url"),
  },
});

export function registerUrlStats(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await readUrlStats(c.var, c.req.valid("param").id, c.req.valid("query")), 200),
  );
}
