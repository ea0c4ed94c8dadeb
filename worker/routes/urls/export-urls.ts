// GET /urls/export.csv: every link a GET /urls filter finds, streamed as CSV (or NDJSON), in id order.
// Registered before /urls/{id}, which would otherwise take "export.csv" for an id.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { EXPORT_CONTENT_TYPES, type ExportFormat } from "../../services/exports/export-stream";
import { exportUrlsFor } from "../../services/exports/export-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";
import { ListUrlsQuery } from "./schema";

export const ExportFormatQuery = z
  .enum(["csv", "ndjson"], { error: "format must be csv or ndjson" })
  .default("csv")
  .openapi({ description: "csv (default; RFC 4180, formula-safe) or ndjson (one JSON object a line)" });

/** What an export's 200 may carry, as the OpenAPI document says it. */
export const DOWNLOAD_CONTENT = {
  "text/csv": { schema: z.string() },
  "application/x-ndjson": { schema: z.string() },
};

/** Headers of a download: its type, a file name, and no caching of what is somebody's data. */
export function downloadHeaders(format: ExportFormat, name: string): Record<string, string> {
  const extension = format === "csv" ? "csv" : "ndjson";
  return {
    "Content-Type": EXPORT_CONTENT_TYPES[format],
    "Content-Disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.${extension}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

const route = createRoute({
  method: "get",
  path: "/urls/export.csv",
  ...requires("links:read"),
  tags: ["urls"],
  request: { query: ListUrlsQuery.omit({ sort: true, cursor: true }).extend({ format: ExportFormatQuery }) },
  responses: {
    200: {
      description: "The links, streamed: CSV with a header row, or NDJSON (each line as GET /urls/{id} answers)",
      content: DOWNLOAD_CONTENT,
    },
    400: errorResponse("An invalid filter or format"),
  },
});

export function registerExportUrls(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { format, ...query } = c.req.valid("query");
    const stream = await exportUrlsFor(c.var, query, format, new URL(c.req.url).origin);
    return c.body(stream, 200, downloadHeaders(format, "linkscope-urls"));
  });
}
