// The audit trail's use cases: who may read which events, and who may record one.

import type { EventResponse } from "../../contracts/responses";
import type { Window } from "../../lib/pagination";
import { assertOwnsUrl, ownerForWrite, workspaceOf } from "../auth/access";
import { actorOf, type ServiceContext } from "../service-context";
import { createEvent } from "./create-event";
import { getEventOrThrow } from "./get-event";
import { type EventFilters, listEvents } from "./list-events";
import { serializeEvent } from "./serialize";

export interface ClientEvent {
  url_id: number;
  user_id?: number | null | undefined;
  event_type: string;
  details?: unknown;
}

/** POST /events: on a url the caller owns, as the caller (a user's key records as itself only). */
export async function recordClientEvent(ctx: ServiceContext, event: ClientEvent): Promise<EventResponse> {
  await assertOwnsUrl(ctx, event.url_id);
  // As PUT /urls: any other id, existing or not, gets the same 403, so the answer tells nothing
  // about which user ids exist.
  const userId = ownerForWrite(ctx, event.user_id, "an API key can only record events as its own user");
  const row = await createEvent(ctx.database(), {
    urlId: event.url_id,
    userId: userId ?? null,
    actor: actorOf(ctx),
    eventType: event.event_type,
    details: event.details,
  });
  return serializeEvent(row);
}

/** GET /events/{id}: another workspace's event is a 404, like a missing one, found by the same one query. */
export async function readEvent(ctx: ServiceContext, id: number): Promise<EventResponse> {
  return serializeEvent(await getEventOrThrow(ctx.database(), id, workspaceOf(ctx)));
}

/** GET /events: a key or a person sees the events of its workspace's urls only. */
export async function readEvents(
  ctx: ServiceContext,
  filters: Omit<EventFilters, "workspaceId">,
  window: Window,
): Promise<EventResponse[]> {
  const rows = await listEvents(ctx.database(), { ...filters, workspaceId: workspaceOf(ctx) }, window);
  return rows.map(serializeEvent);
}
