// The request fields of a link's lifecycle and redirect behaviour: when it works (valid_since,
// expires_at), how often (max_clicks), where it sends people afterwards (expired_url) or while its
// destination is broken (fallback_url), what it does with the incoming query (query_forwarding)
// and the UTM tags it adds.
import { z } from "@hono/zod-openapi";
import { passwordProblem } from "../domain/link-password";
import { checkRuleDestination, QUERY_FORWARDING_MODES } from "../domain/link-record";
import { parseRules } from "../domain/link-rules";
import { Utm } from "../domain/utm-field";
import { MAX_CLICKS_LIMIT } from "../lib/limits";
import { parseRfc3339, rfc3339Expected } from "../lib/time";
import { destinationField } from "./destination-field";

export function instant(field: string) {
  const message = rfc3339Expected(field);
  return z
    .string({ error: `${field} must be a string or null` })
    .transform((value, ctx) => {
      const parsed = parseRfc3339(value);
      if (parsed) return parsed;
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    })
    .nullable()
    .openapi({ type: "string", format: "date-time", example: "2026-12-31T23:59:59Z" });
}

export const ValidSince = instant("valid_since").openapi({
  description: "The link redirects from this time on (before it: 404 saying when). null clears it.",
});
export const ExpiresAt = instant("expires_at").openapi({
  description: "The link stops redirecting at this time (then: 410, or 302 to expired_url). null clears it.",
});

export const MaxClicks = z
  .number({ error: "max_clicks must be an integer or null" })
  .int("max_clicks must be an integer or null")
  .min(1, `max_clicks must be between 1 and ${MAX_CLICKS_LIMIT}`)
  .max(MAX_CLICKS_LIMIT, `max_clicks must be between 1 and ${MAX_CLICKS_LIMIT}`)
  .nullable()
  .openapi({ description: "Human clicks the link serves before it is exhausted. null removes the cap.", example: 100 });

export const ExpiredUrl = destinationField("expired_url must be a string or null", "expired_url").nullable().openapi({
  description: "Where an expired or exhausted link sends people instead of a 410 page.",
  example: "https://example.com/offer-ended",
});

export const FallbackUrl = destinationField("fallback_url must be a string or null", "fallback_url")
  .nullable()
  .openapi({
    description:
      "Opt-in: where the link sends people while its destination's health checks call it broken (health.state), with the link's query forwarding and UTM tags. null: to the destination anyway.",
    example: "https://example.com/we-moved",
  });

export const QueryForwardingField = z
  .enum(QUERY_FORWARDING_MODES, { error: "query_forwarding must be off, fill or merge" })
  .openapi({
    description:
      "What the short URL's query string does: off (dropped), fill (added where the destination has no such parameter; the default) or merge (incoming parameters win).",
  });

export const Rules = z
  .unknown()
  .transform((value, ctx) => {
    if (value === null) return null;
    const parsed = parseRules(value, checkRuleDestination);
    if (parsed.ok) return parsed.value.length === 0 ? null : parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  })
  .openapi({
    type: ["array", "null"],
    items: { $ref: "#/components/schemas/Rule" },
    description:
      "Targeting rules and A/B splits, first match wins (otherwise original_url): at most 25 rules, 10 conditions per rule, 300 values per condition, 16 KiB in all. null or [] removes them.",
    example: [
      {
        conditions: [
          { type: "os", values: ["ios"] },
          { type: "query", param: "src", op: "equals", values: ["newsletter"] },
        ],
        destination: "https://example.com/app",
      },
    ],
  });

/** Write-only: responses show password_protected. Never quoted back in an error. */
export const PasswordField = z
  .string({ error: "password must be a string or null" })
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem) context.addIssue({ code: "custom", message: problem });
  })
  .nullable()
  .openapi({
    description:
      "Write-only. 1 to 128 characters (NFC), no leading or trailing whitespace; visitors must give it before the link redirects. null removes it.",
    example: "correct horse battery staple",
  });

/** The fields create, PUT and PATCH share. */
export const LIFECYCLE_FIELDS = {
  rules: Rules.optional(),
  valid_since: ValidSince.optional(),
  expires_at: ExpiresAt.optional(),
  max_clicks: MaxClicks.optional(),
  expired_url: ExpiredUrl.optional(),
  fallback_url: FallbackUrl.optional(),
  query_forwarding: QueryForwardingField.optional(),
  utm: Utm.optional(),
  password: PasswordField.optional(),
};

/** valid_since before expires_at, when a request sets both. */
export function windowIsOrdered(body: { valid_since?: Date | null | undefined; expires_at?: Date | null | undefined }) {
  return !body.valid_since || !body.expires_at || body.valid_since < body.expires_at;
}
