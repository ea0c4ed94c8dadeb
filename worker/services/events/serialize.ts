import type { EventRow } from "../../../db/schema";
import type { EventResponse } from "../../contracts/responses";
import { formatTimestamp } from "../../lib/time";

/** details is stored as text; JSON text is returned parsed, anything else as the raw string. */
function parseDetails(details: string | null): unknown {
  if (details === null) return null;
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
}

/** An event of a link (GET /events lists only these; a workspace's own events have no url). */
export type LinkEventRow = EventRow & { urlId: number };

export function serializeEvent(row: LinkEventRow): EventResponse {
  return {
    details: parseDetails(row.details),
    event_type: row.eventType,
    id: row.id,
    timestamp: formatTimestamp(row.timestamp),
    url_id: row.urlId,
    user_id: row.userId,
  };
}
