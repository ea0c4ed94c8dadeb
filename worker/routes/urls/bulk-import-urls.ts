// POST /urls/bulk: import urls from a CSV upload or the bundled sample
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { urlImportPlan } from "../../services/imports/import-urls";
import { registerBulkImport } from "../shared/bulk-import";

export function registerBulkImportUrls(app: OpenAPIHono<AppEnv>) {
  registerBulkImport(app, { path: "/urls/bulk", tag: "urls", defaultFile: "urls.csv", plan: urlImportPlan });
}
