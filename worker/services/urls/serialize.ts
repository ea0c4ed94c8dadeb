import type { UrlRow } from "../../../db/schema";
import type { UrlResponse } from "../../contracts/responses";
import { formatTimestamp } from "../../lib/time";

export function serializeUrl(row: UrlRow): UrlResponse {
  return {
    created_at: formatTimestamp(row.createdAt),
    id: row.id,
    is_active: row.isActive,
    original_url: row.originalUrl,
    short_code: row.shortCode,
    title: row.title,
    updated_at: formatTimestamp(row.updatedAt),
    user_id: row.userId,
  };
}
