import { z } from "@hono/zod-openapi";
import { HEALTH_STATES } from "../../domain/health-states";
import { LINK_STATES, VALIDITY_WINDOW_MESSAGE } from "../../domain/link-state";
import { CUSTOM_SHORT_CODE_PATTERN } from "../../domain/short-code";
import { TagList, tagQuery } from "../../domain/tag-names";
import { decodeCursor, URL_SORTS } from "../../domain/url-list-order";
import { CONTROL_CHARACTER } from "../../lib/control-characters";
import { TITLE_MAX_LENGTH } from "../../lib/limits";
import { bodyId, POSTGRES_MAX_INT, queryInt } from "../../lib/validation";
import { TIME_OR_DATE, timeQuery } from "../shared/time-query";
import { destinationField } from "./destination-field";
import { LIFECYCLE_FIELDS, windowIsOrdered } from "./lifecycle-fields";

export { UrlSchema } from "../../contracts/responses";

/** The link's own destination; `missing` is the seed's message for an absent field. */
const destination = (missing: string) => destinationField((input) => (input === undefined ? missing : "invalid url"));

const Title = z
  .string({ error: "title must be a string or null" })
  .max(TITLE_MAX_LENGTH, `title must be at most ${TITLE_MAX_LENGTH} characters`)
  .nullable();

const CustomShortCode = z
  .string({ error: "short_code must be a string" })
  .regex(CUSTOM_SHORT_CODE_PATTERN, "short_code must be 3 to 64 letters, digits, '-' or '_'")
  .openapi({ description: "Optional custom code; generated when absent", example: "spring-sale" });

const OptionalUserId = bodyId("user_id").nullable().optional();

/** A new link cannot be born expired (an edit may expire a link at once). */
const notYetExpired = (body: { expires_at?: Date | null | undefined }) =>
  !body.expires_at || body.expires_at.getTime() > Date.now();
const EXPIRED_AT_CREATE = "expires_at must be in the future";

export const CreateUrlBody = z
  .object(
    {
      original_url: destination("original_url is required"),
      title: Title.optional(),
      user_id: OptionalUserId,
      short_code: CustomShortCode.optional(),
      tags: TagList.optional(),
      ...LIFECYCLE_FIELDS,
    },
    { error: "original_url is required" },
  )
  .strict()
  .refine(notYetExpired, { message: EXPIRED_AT_CREATE })
  .refine(windowIsOrdered, { message: VALIDITY_WINDOW_MESSAGE })
  .openapi("CreateUrl");

export const ShortenBody = z
  .object(
    {
      url: destination("url is required"),
      title: Title.optional(),
      user_id: OptionalUserId,
      short_code: CustomShortCode.optional(),
      tags: TagList.optional(),
      ...LIFECYCLE_FIELDS,
    },
    { error: "url is required" },
  )
  .strict()
  .refine(notYetExpired, { message: EXPIRED_AT_CREATE })
  .refine(windowIsOrdered, { message: VALIDITY_WINDOW_MESSAGE })
  .openapi("Shorten");

export const ShortenResponse = z.object({ original_url: z.string(), short_code: z.string() }).openapi("Shortened");

export const UpdateUrlBody = z
  .object(
    {
      original_url: destination("invalid url").optional(),
      title: Title.optional(),
      is_active: z.boolean({ error: "is_active must be a boolean" }).optional(),
      user_id: OptionalUserId.openapi({ description: "Who made the change; recorded on the audit event" }),
      tags: TagList.optional().openapi({ description: "The link's tags from now on, all of them ([] removes them)" }),
      ...LIFECYCLE_FIELDS,
    },
    { error: "no valid fields to update" },
  )
  .strict()
  .refine((body) => Object.entries(body).some(([field, value]) => field !== "user_id" && value !== undefined), {
    message: "no valid fields to update",
  })
  .refine(windowIsOrdered, { message: VALIDITY_WINDOW_MESSAGE })
  .openapi("UpdateUrl");

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
