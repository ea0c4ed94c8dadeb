import type { UrlRow } from "../../../db/schema";
import { formatTimestamp } from "../../lib/time";

export interface UrlResponse {
  created_at: string;
  id: number;
  is_active: boolean;
  original_url: string;
  short_code: string;
  title: string | null;
  updated_at: string;
  user_id: number | null;
}

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
