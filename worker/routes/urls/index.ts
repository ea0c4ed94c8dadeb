import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCheckHealth } from "./check-health";
import { registerCreateUrl } from "./create-url";
import { registerDeleteUrl } from "./delete-url";
import { registerExportClicks } from "./export-clicks";
import { registerExportUrls } from "./export-urls";
import { registerGetUrl } from "./get-url";
import { registerListUrlEvents } from "./list-url-events";
import { registerListUrls } from "./list-urls";
import { registerShorten } from "./shorten";
import { registerTestRules } from "./test-rules";
import { registerUpdateUrl } from "./update-url";
import { registerUrlQr } from "./url-qr";
import { registerUrlStats } from "./url-stats";

export function registerUrlRoutes(app: OpenAPIHono<AppEnv>) {
  registerListUrls(app);
  registerCreateUrl(app);
  registerShorten(app);
  // Before /urls/{id}: "export.csv" is not an id.
  registerExportUrls(app);
  registerGetUrl(app);
  registerUpdateUrl(app);
  registerDeleteUrl(app);
  registerListUrlEvents(app);
  registerUrlStats(app);
  registerTestRules(app);
  registerUrlQr(app);
  registerCheckHealth(app);
  registerExportClicks(app);
}
