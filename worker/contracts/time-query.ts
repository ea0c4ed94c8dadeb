// A time in a query string: RFC 3339 with an offset, or a date (midnight UTC).
import { z } from "@hono/zod-openapi";
import { parseRfc3339 } from "../lib/time";

export const TIME_OR_DATE = "an RFC 3339 time with an offset (2026-11-29T00:00:00Z) or a date (2026-11-29, UTC)";
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function timeQuery(field: string) {
  return z
    .string()
    .transform((value, context) => {
      const time = parseRfc3339(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
      if (time === undefined) {
        context.addIssue({ code: "custom", message: `${field} must be ${TIME_OR_DATE}` });
        return z.NEVER;
      }
      return time;
    })
    .optional()
    .openapi({ type: "string", description: TIME_OR_DATE });
}
