// GET /domains/{id}/stats: a domain's links, their clicks per day and the unknown codes asked for there
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { queryInt } from "../../lib/validation";
import { readDomainStats } from "../../services/domains/domain-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { DOMAIN_NOT_FOUND } from "./schema";

const MAX_DAYS = 90;
const DEFAULT_DAYS = 30;
const count = z.number().int();

const StatsQuery = z
  .object({
    days: queryInt("days", 1, MAX_DAYS).openapi({ description: `UTC days up to today (default ${DEFAULT_DAYS})` }),
  })
  .strict();

const DomainStatsSchema = z
  .object({
    domain_id: count,
    hostname: z.string(),
    days: count,
    from: z.string().openapi({ description: "The window's first day (UTC midnight)" }),
    links: z.object({ total: count, active: count }),
    clicks: z.object({
      total: count,
      human: count,
      by_day: z.array(z.object({ day: z.string(), clicks: count, human: count })),
    }),
    unknown_codes: z
      .object({ total: count, by_day: z.array(z.object({ day: z.string(), requests: count })) })
      .nullable()
      .openapi({ description: "Requests for codes no link has on this domain; null when Redis cannot say" }),
  })
  .openapi("DomainStats");

const route = createRoute({
  method: "get",
  path: "/domains/{id}/stats",
  ...requires("links:read"),
  tags: ["domains"],
  request: { params: IdParams, query: StatsQuery },
  responses: {
    200: jsonResponse(DomainStatsSchema, "What happened on the domain"),
    400: errorResponse(`days is not an integer between 1 and ${MAX_DAYS}`),
    404: DOMAIN_NOT_FOUND,
  },
});

export function registerDomainStats(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const days = c.req.valid("query").days ?? DEFAULT_DAYS;
    return c.json(await readDomainStats(c.var, c.req.valid("param").id, days), 200);
  });
}
