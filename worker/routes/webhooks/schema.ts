// The request and response shapes of /webhooks.
import { z } from "@hono/zod-openapi";
import { destinationField } from "../../contracts/destination-field";
import {
  DELIVERY_ERRORS,
  DELIVERY_STATES,
  WEBHOOK_CLICK_CLASSES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_STATES,
} from "../../domain/webhook-words";
import { errorResponse } from "../shared/responses";

export const WEBHOOK_NOT_FOUND = errorResponse("No such webhook (or another user's)");
export const WEBHOOK_DISABLED = errorResponse("The webhook is disabled");

export const MAX_FILTER_URLS = 100;
const DESCRIPTION_MAX_LENGTH = 200;

const Url = destinationField("url must be a string", "url").openapi({
  description:
    "Where deliveries are POSTed: https (http only with ALLOW_PRIVATE_DESTINATIONS=true, for local testing), passing the destination rules",
  example: "https://hooks.example.com/linkscope",
});

const Events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `events must hold only ${WEBHOOK_EVENT_TYPES.join(", ")}` }), {
    error: "events must be an array of event types",
  })
  .min(1, "events must name at least one event type")
  .transform((events) => [...new Set(events)])
  .openapi({ example: ["link.created", "link.clicked"] });

const URL_IDS_TYPE = "filter.url_ids must be an array of url ids";
const UrlIds = z
  .array(z.number({ error: URL_IDS_TYPE }).int(URL_IDS_TYPE).min(1, URL_IDS_TYPE).max(2_147_483_647, URL_IDS_TYPE), {
    error: URL_IDS_TYPE,
  })
  .min(1, "filter.url_ids must name at least one url (or set filter to null)")
  .max(MAX_FILTER_URLS, `filter.url_ids must name at most ${MAX_FILTER_URLS} urls`)
  .transform((ids) => [...new Set(ids)]);

const Filter = z
  .object({ url_ids: UrlIds }, { error: "filter must be an object with url_ids, or null" })
  .strict()
  .nullable()
  .openapi({
    description: "Only these links' events (the owner's links, at most 100); null or absent: all of them",
    example: { url_ids: [42] },
  });

const ClickClasses = z.enum(WEBHOOK_CLICK_CLASSES, { error: "click_classes must be human or all" }).openapi({
  description:
    "link.clicked for people's clicks only (human, the default), or for bots, previews, HEAD and prefetches too (all)",
});

const Description = z
  .string({ error: "description must be a string or null" })
  .max(DESCRIPTION_MAX_LENGTH, `description must be at most ${DESCRIPTION_MAX_LENGTH} characters`)
  .nullable();

export const CreateWebhookBody = z
  .object(
    {
      url: Url,
      events: Events,
      filter: Filter.optional(),
      click_classes: ClickClasses.optional(),
      description: Description.optional(),
      user_id: z
        .number({ error: "user_id must be an integer or null" })
        .int("user_id must be an integer or null")
        .min(1)
        .max(2_147_483_647)
        .nullable()
        .optional()
        .openapi({
          description: "The owner whose links' events it receives (the admin key only; a user's key: itself)",
        }),
    },
    { error: "the body must be a JSON object with url and events" },
  )
  .strict();

export const UpdateWebhookBody = z
  .object(
    {
      url: Url.optional(),
      events: Events.optional(),
      filter: Filter.optional(),
      click_classes: ClickClasses.optional(),
      description: Description.optional(),
      enabled: z
        .boolean({ error: "enabled must be true or false" })
        .optional()
        .openapi({ description: "false disables the endpoint; true enables it again (its failure streak forgotten)" }),
    },
    { error: "the body must be a JSON object" },
  )
  .strict();

export const WebhookSchema = z
  .object({
    id: z.number().int(),
    user_id: z.number().int().nullable(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    filter: z.object({ url_ids: z.array(z.number().int()) }).nullable(),
    click_classes: z.enum(WEBHOOK_CLICK_CLASSES),
    description: z.string().nullable(),
    state: z.enum(WEBHOOK_STATES),
    disabled_reason: z.string().nullable().openapi({
      description: "gone (the receiver answered 410), failing (20 failures and 24 h without a success), owner",
    }),
    consecutive_failures: z.number().int(),
    failing_since: z.string().nullable(),
    last_success_at: z.string().nullable(),
    disabled_at: z.string().nullable(),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .openapi({ description: "After a rotation: until when the previous secret signs too" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Webhook");

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().openapi({
    description: "The signing secret (whsec_...): shown this once, never again",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).openapi("WebhookWithSecret");

const AttemptSchema = z.object({
  at: z.string(),
  status: z.number().int().nullable(),
  latency_ms: z.number().int(),
  error: z.enum(DELIVERY_ERRORS).nullable(),
});

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "The delivery; its webhook-id header is msg_ and these hex digits" }),
    event_type: z.string(),
    url_id: z.number().int().nullable(),
    state: z.enum(DELIVERY_STATES),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable().openapi({ description: "When it is tried again (pending only)" }),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    last_attempt: AttemptSchema.nullable(),
    attempt_log: z.array(AttemptSchema),
  })
  .openapi("WebhookDelivery");

export const PingResultSchema = z
  .object({
    delivery_id: z.string(),
    delivered: z.boolean(),
    status: z.number().int().nullable(),
    latency_ms: z.number().int(),
    error: z.enum(DELIVERY_ERRORS).nullable(),
  })
  .openapi("WebhookPing");

export const DeliveryIdParam = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .openapi({ param: { in: "path", name: "delivery_id" }, type: "string", format: "uuid" });
