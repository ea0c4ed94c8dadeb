// An export as a stream of pages: each page is read from Postgres only when the client has taken the
// one before (the stream's pull), so memory holds one page whatever the export's size. The first page
// is read before the response starts: a database that is down answers a JSON error, not a broken file.
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";

export type ExportFormat = "csv" | "ndjson";

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

/** Reads the page after `after` (undefined: the first); an empty page ends the export. */
export type PageReader<Row, Key> = (after: Key | undefined) => Promise<{ rows: Row[]; last: Key | undefined }>;

export interface ExportPlan<Row, Key> {
  /** What is exported, for the metrics' labels. */
  kind: "urls" | "clicks";
  format: ExportFormat;
  readPage: PageReader<Row, Key>;
  /** The first line (CSV's header), if any. */
  head?: string;
  line: (row: Row) => string;
  requestId: string;
}

export async function exportStream<Row, Key>(plan: ExportPlan<Row, Key>): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let page = await plan.readPage(undefined);
  let pages = 1;
  let rows = 0;
  const labels = { export: plan.kind, format: plan.format };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (plan.head) controller.enqueue(encoder.encode(plan.head));
      },
      async pull(controller) {
        if (page.rows.length === 0) {
          incrementCounter(METRICS.exports, { ...labels, result: "complete" });
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(page.rows.map(plan.line).join("")));
        rows += page.rows.length;
        incrementCounter(METRICS.exportRows, labels, page.rows.length);
        const after = page.last;
        try {
          page = after === undefined ? { rows: [], last: undefined } : await plan.readPage(after);
          pages += 1;
        } catch (error) {
          // The status is sent: the one honest signal left is to break the transfer, so the client
          // sees an incomplete download instead of a file that looks whole.
          log("error", "export_failed", { request_id: plan.requestId, pages, rows, error: String(error) });
          incrementCounter(METRICS.exports, { ...labels, result: "broken" });
          controller.error(error);
        }
      },
    },
    // One page at a time: the next is read only when the client has drained this one.
    { highWaterMark: 0 },
  );
}
