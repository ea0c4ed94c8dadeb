// The API's response shapes, once: each zod schema documents the response in /openapi.json, and
// its inferred type is what the serialisers return, the caches keep and the tests read.
import { z } from "@hono/zod-openapi";
import { HEALTH_STATES, PROBE_ERRORS } from "../domain/health-states";
import { QUERY_FORWARDING_MODES, UTM_FIELDS } from "../domain/link-record";
import { CONDITION_TYPES } from "../domain/link-rules";
import { LINK_STATES } from "../domain/link-state";

export const UserSchema = z
  .object({
    created_at: z.string().openapi({ example: "2025-01-18T22:26:09" }),
    email: z.string().openapi({ example: "quietyard03@acme.dev" }),
    id: z.number().int().openapi({ example: 1 }),
    username: z.string().openapi({ example: "quietyard03" }),
  })
  .openapi("User");

export type UserResponse = z.infer<typeof UserSchema>;

export const RuleSchema = z
  .object({
    conditions: z.array(
      z.object({
        type: z.enum(CONDITION_TYPES),
        values: z.array(z.string()),
        param: z.string().optional().openapi({ description: "query: the parameter's name" }),
        op: z.string().optional().openapi({ description: "query: equals, exists, absent; time: after, before" }),
      }),
    ),
    destination: z.string().optional(),
    variants: z
      .array(z.object({ url: z.string(), weight: z.number().int() }))
      .optional()
      .openapi({ description: "2 to 10 variants whose integer weights sum to 100; sticky per visitor" }),
  })
  .openapi("Rule", { description: "All conditions must hold (none: always); then a destination or variants" });

const Instant = z.string().nullable().openapi({ format: "date-time", example: "2026-12-31T23:59:59.000Z" });

export const HealthSchema = z
  .object({
    state: z.enum(HEALTH_STATES).openapi({
      description:
        "unknown (never checked), healthy, suspect (a failed check), broken (repeated failures), blocked (the site refused the checker: inconclusive), moved (it answers from another domain)",
    }),
    checked_at: Instant.openapi({ description: "When the destination was last checked" }),
    status: z.number().int().nullable().openapi({ description: "The last HTTP status (null: nothing answered)" }),
    final_url: z.string().nullable().openapi({ description: "Where the redirects led" }),
    hops: z.number().int().nullable().openapi({ description: "Redirects followed" }),
    latency_ms: z.number().int().nullable(),
    error: z.enum(PROBE_ERRORS).nullable().openapi({
      description:
        "Why the last check failed: dns, tls, timeout, connection, http_status, too_many_redirects, redirect_loop, refused_destination",
    }),
  })
  .openapi("LinkHealth");

export const UrlSchema = z
  .object({
    clicks_remaining: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Human clicks left before the cap (null when uncapped); counts stored clicks" }),
    created_at: z.string().openapi({ example: "2025-01-18T22:26:09" }),
    expired_url: z.string().nullable(),
    expires_at: Instant,
    fallback_url: z.string().nullable().openapi({
      description: "Where the link sends people while health.state is broken (null: to the destination anyway)",
    }),
    health: HealthSchema,
    id: z.number().int(),
    imported_clicks: z.number().int().openapi({
      description:
        "Clicks counted by the shortener it was imported from (POST /urls/import); never added to this one's",
    }),
    domain: z.string().nullable().openapi({
      description: "The custom domain the link answers on; null: the service's own hosts",
      example: "go.example.com",
    }),
    is_active: z.boolean(),
    max_clicks: z.number().int().nullable(),
    original_url: z.string().openapi({ example: "https://example.com/urban/lagoon/1" }),
    password_protected: z
      .boolean()
      .openapi({ description: "Whether visitors must give the link's password (set with password; never shown)" }),
    query_forwarding: z.enum(QUERY_FORWARDING_MODES),
    rules: z.array(RuleSchema).nullable(),
    short_code: z.string().openapi({ example: "LReho4" }),
    state: z
      .enum(LINK_STATES)
      .openapi({ description: "As of the response: inactive, scheduled, expired, exhausted or active" }),
    tags: z
      .array(z.string())
      .openapi({ description: "The link's tag names, sorted without regard to case", example: ["newsletter"] }),
    title: z.string().nullable(),
    updated_at: z.string().openapi({ example: "2025-06-11T17:59:53" }),
    user_id: z.number().int().nullable(),
    utm: z.partialRecord(z.enum(UTM_FIELDS), z.string()).nullable(),
    valid_since: Instant,
    workspace_id: z.number().int().openapi({ description: "The workspace the link belongs to" }),
  })
  .openapi("Url");

export type UrlResponse = z.infer<typeof UrlSchema>;

/**
 * What a webhook's `data.link` carries, written in SQL by `linkscope_link_json` (migration 0013) for the
 * deliveries' triggers: a subset of Url with Url's values, except `created_at` and `updated_at`, which
 * are exact instants ("2025-01-18T22:26:09.123Z", where Url keeps the seed's "2025-01-18T22:26:09"),
 * and `clicks_used`, which Url answers as `clicks_remaining`. Held to Url by tests/integration/link-payload.test.ts.
 */
export const WebhookLinkSchema = UrlSchema.pick({
  domain: true,
  expires_at: true,
  id: true,
  is_active: true,
  max_clicks: true,
  original_url: true,
  short_code: true,
  tags: true,
  title: true,
  user_id: true,
  workspace_id: true,
})
  .extend({
    clicks_used: z.number().int(),
    created_at: z.string().openapi({ format: "date-time" }),
    updated_at: z.string().openapi({ format: "date-time" }),
  })
  .strict();

export type WebhookLink = z.infer<typeof WebhookLinkSchema>;

export const EventSchema = z
  .object({
    details: z.unknown().openapi({ example: { short_code: "LReho4" } }),
    event_type: z.string().openapi({ example: "created" }),
    id: z.number().int(),
    timestamp: z.string().openapi({ example: "2025-01-18T22:26:09" }),
    url_id: z.number().int(),
    user_id: z.number().int().nullable(),
  })
  .openapi("Event");

export type EventResponse = z.infer<typeof EventSchema>;

export const UserListSchema = z.array(UserSchema);
export const UrlListSchema = z.array(UrlSchema);
