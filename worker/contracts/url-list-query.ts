// GET /urls's query (and the web app's links page, which reads the same filters): zod schemas that
// validate it and document it in /openapi.json.
import { z } from "@hono/zod-openapi";
import { HEALTH_STATES } from "../domain/health-states";
import { LINK_STATES } from "../domain/link-state";
import { tagQuery } from "../domain/tag-names";
import { decodeCursor, URL_SORTS } from "../domain/url-list-order";
import { CONTROL_CHARACTER } from "../lib/control-characters";
import { POSTGRES_MAX_INT, queryInt } from "../lib/validation";
import { TIME_OR_DATE, timeQuery } from "./time-query";

const IsActiveFilter = z
  .enum(["true", "false", "TRUE", "FALSE", "True", "False"], { error: "is_active must be true or false" })
  .transform((value) => value.toLowerCase() === "true")
  .optional()
  .openapi({ type: "boolean" });

const StateFilter = z
  .enum(LINK_STATES, { error: `state must be one of ${LINK_STATES.join(", ")}` })
  .optional()
  .openapi({ description: "Only links in this state, as of the request" });

/** q: the most a search may be. */
export const SEARCH_MAX_LENGTH = 200;

export const ListUrlsQuery = z.object({
  user_id: queryInt("user_id", 1, POSTGRES_MAX_INT),
  is_active: IsActiveFilter,
  state: StateFilter,
  health: z
    .enum(HEALTH_STATES, { error: `health must be one of ${HEALTH_STATES.join(", ")}` })
    .optional()
    .openapi({ description: "Only links whose destination's last check left them in this state" }),
  q: z
    .string()
    .min(1, `q must be 1 to ${SEARCH_MAX_LENGTH} characters`)
    .max(SEARCH_MAX_LENGTH, `q must be 1 to ${SEARCH_MAX_LENGTH} characters`)
    // Postgres takes no NUL in text; no link holds a control character either.
    .refine((text) => !CONTROL_CHARACTER.test(text), "q must not contain control characters")
    .optional()
    .openapi({
      description: "Links whose short code, destination or title contains this text (any case; % and _ are literal)",
    }),
  tag: tagQuery("tag").openapi({
    description: "Links carrying this tag (repeat for more: any of them, or all with tag_mode=all); any case",
  }),
  tag_mode: z
    .enum(["any", "all"], { error: "tag_mode must be any or all" })
    .optional()
    .openapi({ description: "With several tag: any of them (default) or all of them" }),
  exclude_tag: tagQuery("exclude_tag").openapi({ description: "Links carrying none of these tags (repeatable)" }),
  created_from: timeQuery("created_from").openapi({ description: `Created at or after: ${TIME_OR_DATE}` }),
  created_to: timeQuery("created_to").openapi({ description: `Created before (exclusive): ${TIME_OR_DATE}` }),
  sort: z
    .enum(URL_SORTS, { error: `sort must be one of ${URL_SORTS.join(", ")}` })
    .optional()
    .openapi({ description: "The order (- for descending; clicks: human clicks); default: id. Pages by cursor." }),
  cursor: z
    .string()
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (cursor) return cursor;
      context.addIssue({
        code: "custom",
        message: "cursor is not one this API gave out (take X-Next-Cursor of the previous page)",
      });
      return z.NEVER;
    })
    .optional()
    .openapi({ type: "string", description: "The previous page's X-Next-Cursor (keyset pagination)" }),
});
