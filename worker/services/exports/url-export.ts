// GET /urls/export.csv: the links a GET /urls filter finds, in id order, as CSV (the columns the
// import reads back: an export re-imports as it was) or as NDJSON (each line what GET /urls/{id} answers).
import type { Database } from "../../../db/client";
import { shortUrlOf } from "../../domain/short-url";
import { TAG_SEPARATOR } from "../../domain/tag-names";
import type { ListCursor } from "../../domain/url-list-order";
import { csvLine } from "../../lib/csv-cells";
import { listLinkPage, type UrlFilters } from "../urls/link-list-store";
import type { LinkRow } from "../urls/link-store";
import { serializeUrl } from "../urls/serialize";
import { type ExportFormat, exportStream } from "./export-stream";

/**
 * Links per query. Each page is one subrequest of the Workers limit (1,000 a request on the paid
 * plan, 50 on the free one): 100,000 links are 50 pages, and the paid plan's limit is 2,000,000.
 */
export const URL_EXPORT_PAGE_SIZE = 2000;

export const URL_EXPORT_COLUMNS = [
  "id",
  "short_code",
  "domain",
  "short_url",
  "original_url",
  "title",
  "tags",
  "user_id",
  "is_active",
  "state",
  "clicks",
  "imported_clicks",
  "created_at",
  "updated_at",
  "valid_since",
  "expires_at",
  "max_clicks",
  "expired_url",
  "fallback_url",
  "query_forwarding",
  "utm",
  "rules",
  "password_protected",
  "health_state",
] as const;

/** One link's line of the CSV export (the web app's export of selected links writes the same lines). */
export function csvRecord(row: LinkRow, origin: string, now: number): string {
  const url = serializeUrl(row, now);
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return csvLine([
    row.id,
    row.shortCode,
    row.domain,
    shortUrlOf(origin, row.domain, row.shortCode),
    row.originalUrl,
    row.title,
    row.tags.join(TAG_SEPARATOR),
    row.userId,
    row.isActive,
    url.state,
    row.clicksUsed,
    row.importedClicks,
    row.createdAt,
    row.updatedAt,
    row.validSince,
    row.expiresAt,
    row.maxClicks,
    row.expiredUrl,
    row.fallbackUrl,
    row.queryForwarding,
    json(row.utm),
    json(row.rules),
    row.passwordHash !== null,
    row.healthState,
  ]);
}

export function exportUrls(
  db: Database,
  filters: UrlFilters,
  options: { format: ExportFormat; origin: string; requestId: string },
) {
  const now = Date.now();
  return exportStream<LinkRow, ListCursor>({
    readPage: async (after) => {
      const page = await listLinkPage(db, filters, "id", after, URL_EXPORT_PAGE_SIZE);
      return { rows: page.rows, last: page.next };
    },
    head: options.format === "csv" ? csvLine([...URL_EXPORT_COLUMNS]) : undefined,
    line:
      options.format === "csv"
        ? (row) => csvRecord(row, options.origin, now)
        : (row) => `${JSON.stringify(serializeUrl(row, now))}\n`,
    requestId: options.requestId,
    kind: "urls",
    format: options.format,
  });
}
