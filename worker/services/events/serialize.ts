import type { EventRow } from "../../../db/schema";
import { formatTimestamp } from "../../lib/time";

export interface EventResponse {
  details: unknown;
  event_type: string;
  id: number;
  timestamp: string;
  url_id: number;
  user_id: number | null;
}

/** details is stored as text; JSON text is returned parsed, anything else as the raw string. */
function parseDetails(details: string | null): unknown {
  if (details === null) return null;
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
}

export function serializeEvent(row: EventRow): EventResponse {
  return {
    details: parseDetails(row.details),
    event_type: row.eventType,
    id: row.id,
    timestamp: formatTimestamp(row.timestamp),
    url_id: row.urlId,
    user_id: row.userId,
  };
}
