import { z } from "@hono/zod-openapi";
import { checkDestination, PROBLEM_MESSAGES } from "../../lib/destination";
import { TITLE_MAX_LENGTH } from "../../lib/limits";
import { CUSTOM_SHORT_CODE_PATTERN } from "../../lib/short-code";
import { bodyId, POSTGRES_MAX_INT, queryInt } from "../../lib/validation";
import { countRefusedDestination } from "../../services/urls/destination-policy";

export { UrlSchema } from "../../contracts/responses";

/** A destination URL, given back as its serialisation; `missing` is the seed's message for an absent field. */
function destination(missing: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing : "invalid url") })
    .transform((value, ctx) => {
      const check = checkDestination(value);
      if (check.ok) return check.href;
      countRefusedDestination(check.problem, "write");
      ctx.addIssue({ code: "custom", message: PROBLEM_MESSAGES[check.problem] });
      return z.NEVER;
    })
    .openapi({ type: "string", example: "https://example.com/some/page" });
}

const Title = z
  .string({ error: "title must be a string or null" })
  .max(TITLE_MAX_LENGTH, `title must be at most ${TITLE_MAX_LENGTH} characters`)
  .nullable();

const CustomShortCode = z
  .string({ error: "short_code must be a string" })
  .regex(CUSTOM_SHORT_CODE_PATTERN, "short_code must be 3 to 64 letters, digits, '-' or '_'")
  .openapi({ description: "Optional custom code; generated when absent", example: "spring-sale" });

const OptionalUserId = bodyId("user_id").nullable().optional();

export const CreateUrlBody = z
  .object(
    {
      original_url: destination("original_url is required"),
      title: Title.optional(),
      user_id: OptionalUserId,
      short_code: CustomShortCode.optional(),
    },
    { error: "original_url is required" },
  )
  .strict()
  .openapi("CreateUrl");

export const ShortenBody = z
  .object(
    {
      url: destination("url is required"),
      title: Title.optional(),
      user_id: OptionalUserId,
      short_code: CustomShortCode.optional(),
    },
    { error: "url is required" },
  )
  .strict()
  .openapi("Shorten");

export const ShortenResponse = z.object({ original_url: z.string(), short_code: z.string() }).openapi("Shortened");

export const UpdateUrlBody = z
  .object(
    {
      original_url: destination("invalid url").optional(),
      title: Title.optional(),
      is_active: z.boolean({ error: "is_active must be a boolean" }).optional(),
      user_id: OptionalUserId.openapi({ description: "Who made the change; recorded on the audit event" }),
    },
    { error: "no valid fields to update" },
  )
  .strict()
  .refine((body) => body.original_url !== undefined || body.title !== undefined || body.is_active !== undefined, {
    message: "no valid fields to update",
  })
  .openapi("UpdateUrl");

const IsActiveFilter = z
  .enum(["true", "false", "TRUE", "FALSE", "True", "False"], { error: "is_active must be true or false" })
  .transform((value) => value.toLowerCase() === "true")
  .optional()
  .openapi({ type: "boolean" });

export const ListUrlsQuery = z.object({
  user_id: queryInt("user_id", 1, POSTGRES_MAX_INT),
  is_active: IsActiveFilter,
});
