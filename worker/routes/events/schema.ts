import { z } from "@hono/zod-openapi";
import { EVENT_TYPE_MAX_LENGTH } from "../../lib/limits";
import { bodyId, POSTGRES_MAX_INT, queryInt } from "../../lib/validation";

export { EventSchema } from "../../contracts/responses";

// details is free-form JSON; capped so one event cannot hold megabytes.
const DETAILS_MAX_JSON_LENGTH = 16_384;

const required = "event_type and url_id are required";

// The audit trail's own event types: only the service records them (a client posting "deleted"
// could forge a link's history; "health_changed" its health history, store-health.ts). Compared
// without case or surrounding spaces.
export const SYSTEM_EVENT_TYPES: ReadonlySet<string> = new Set(["created", "updated", "deleted", "health_changed"]);

export const CreateEventBody = z
  .object(
    {
      url_id: bodyId("url_id", required),
      event_type: z
        .string({ error: (issue) => (issue.input === undefined ? required : "event_type must be a string") })
        .min(1, "event_type must not be empty")
        .max(EVENT_TYPE_MAX_LENGTH, `event_type must be at most ${EVENT_TYPE_MAX_LENGTH} characters`)
        .refine((type) => !SYSTEM_EVENT_TYPES.has(type.trim().toLowerCase()), {
          message: `event_type must not be one the service records itself (${[...SYSTEM_EVENT_TYPES].join(", ")})`,
        }),
      user_id: bodyId("user_id").nullable().optional(),
      details: z
        .unknown()
        .refine((value) => value === undefined || JSON.stringify(value).length <= DETAILS_MAX_JSON_LENGTH, {
          message: `details must be at most ${DETAILS_MAX_JSON_LENGTH} characters of JSON`,
        })
        .optional(),
    },
    { error: required },
  )
  .strict()
  .openapi("CreateEvent");

export const ListEventsQuery = z.object({
  url_id: queryInt("url_id", 1, POSTGRES_MAX_INT),
  user_id: queryInt("user_id", 1, POSTGRES_MAX_INT),
  event_type: z.string().max(EVENT_TYPE_MAX_LENGTH).optional(),
});
