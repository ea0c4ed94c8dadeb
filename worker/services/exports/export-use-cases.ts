// What the export routes do: whose links and clicks a caller may take (a user's key: its own), and
// the stream that carries them.

import { getOwnedUrl } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { type UrlListQuery, urlFiltersOf } from "../urls/url-use-cases";
import { type ClickExportFilters, exportClicks } from "./click-export";
import type { ExportFormat } from "./export-stream";
import { exportUrls } from "./url-export";

/** GET /urls/export.csv: the links GET /urls would find with the same filters (another user's id: none). */
export function exportUrlsFor(ctx: ServiceContext, query: UrlListQuery, format: ExportFormat, origin: string) {
  // Another user's user_id finds nothing: an owner that matches no link does the same.
  const filters = urlFiltersOf(ctx, query, new Date());
  return exportUrls(ctx.database(), filters, { format, origin, requestId: ctx.requestId });
}

/** GET /urls/{id}/clicks.csv: the owner's (or the admin's); another user's link is a 404. */
export async function exportClicksFor(ctx: ServiceContext, filters: ClickExportFilters, format: ExportFormat) {
  await getOwnedUrl(ctx, filters.urlId);
  return exportClicks(ctx.database(), filters, { format, requestId: ctx.requestId });
}
