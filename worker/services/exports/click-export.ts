// GET /urls/{id}/clicks.csv: one link's stored clicks in a window, oldest first, as CSV or NDJSON.
// Visitor-controlled text (the referrer's host) is neutralised like every other text cell.
import { and, asc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { clicks } from "../../../db/schema";
import { csvLine } from "../../lib/csv-cells";
import type { ClickClass } from "../clicks/click";
import { type ExportFormat, exportStream } from "./export-stream";

/** Clicks per query: 2,000,000 clicks fit in the paid plan's 1,000 subrequests. */
export const CLICK_EXPORT_PAGE_SIZE = 2000;

export const CLICK_EXPORT_COLUMNS = [
  "id",
  "clicked_at",
  "class",
  "unique",
  "device",
  "country",
  "referrer_host",
  "source",
  "rule",
  "variant",
  // Added later: new columns go at the end, so a reader by position keeps working.
  "browser",
  "os",
] as const;

export interface ClickExportFilters {
  urlId: number;
  from?: Date | undefined;
  to?: Date | undefined;
  clickClass?: ClickClass | undefined;
}

interface ClickCursor {
  /** clicked_at to the microsecond, as Postgres wrote it (a Date would drop them). */
  at: string;
  id: string;
}

const CLICKED_AT_TEXT = sql<string>`to_char(${clicks.clickedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

async function readClickPage(db: Database, filters: ClickExportFilters, after: ClickCursor | undefined) {
  const conditions: (SQL | undefined)[] = [
    eq(clicks.urlId, filters.urlId),
    filters.from === undefined ? undefined : gte(clicks.clickedAt, filters.from),
    filters.to === undefined ? undefined : lt(clicks.clickedAt, filters.to),
    filters.clickClass === undefined ? undefined : eq(clicks.clickClass, filters.clickClass),
    after === undefined
      ? undefined
      : sql`(${clicks.clickedAt}, ${clicks.id}) > (${after.at}::timestamptz, ${after.id}::uuid)`,
  ];
  const rows = await db
    .select({
      id: clicks.id,
      at: CLICKED_AT_TEXT,
      clickClass: clicks.clickClass,
      unique: clicks.unique,
      device: clicks.deviceClass,
      country: clicks.country,
      referrerHost: clicks.referrerHost,
      source: clicks.source,
      rule: clicks.ruleIndex,
      variant: clicks.variantIndex,
      browser: clicks.browser,
      os: clicks.os,
    })
    .from(clicks)
    .where(and(...conditions))
    .orderBy(asc(clicks.clickedAt), asc(clicks.id))
    .limit(CLICK_EXPORT_PAGE_SIZE);
  const last = rows.at(-1);
  return { rows, last: last && rows.length === CLICK_EXPORT_PAGE_SIZE ? { at: last.at, id: last.id } : undefined };
}

type ClickRow = Awaited<ReturnType<typeof readClickPage>>["rows"][number];

const asJson = (row: ClickRow): Record<(typeof CLICK_EXPORT_COLUMNS)[number], string | number | boolean | null> => ({
  id: row.id,
  clicked_at: row.at,
  class: row.clickClass,
  unique: row.unique,
  device: row.device,
  country: row.country,
  referrer_host: row.referrerHost,
  source: row.source,
  rule: row.rule,
  variant: row.variant,
  browser: row.browser,
  os: row.os,
});

export function exportClicks(
  db: Database,
  filters: ClickExportFilters,
  options: { format: ExportFormat; requestId: string },
) {
  return exportStream<ClickRow, ClickCursor>({
    readPage: (after) => readClickPage(db, filters, after),
    head: options.format === "csv" ? csvLine([...CLICK_EXPORT_COLUMNS]) : undefined,
    line:
      options.format === "csv"
        ? (row) => {
            const click = asJson(row);
            return csvLine(CLICK_EXPORT_COLUMNS.map((column) => click[column]));
          }
        : (row) => `${JSON.stringify(asJson(row))}\n`,
    requestId: options.requestId,
    kind: "clicks",
    format: options.format,
  });
}
