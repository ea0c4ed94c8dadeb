import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { importCsv } from "../../services/imports/import-csv";
import type { ImportPlan } from "../../services/imports/run-import";
import { requires } from "./permissions";
import { errorResponse, jsonResponse } from "./responses";

export const ImportReportSchema = z
  .object({
    imported: z.number().int().openapi({ description: "Rows inserted" }),
    rows: z.number().int().openapi({ description: "Data rows read" }),
    skipped: z.number().int().openapi({ description: "Valid rows skipped as duplicates" }),
    skipped_rows: z
      .array(z.object({ row: z.number().int(), reason: z.string() }))
      .openapi({ description: "The first 100 skipped rows, in row order, with why (id, username... already exists)" }),
    failed: z.number().int().openapi({ description: "Rows refused" }),
    errors: z
      .array(z.object({ row: z.number().int(), error: z.string() }))
      .openapi({ description: "The first 100 refusals, in row order" }),
    error_counts: z
      .record(z.string(), z.number().int())
      .openapi({ description: "How many rows were refused with each message" }),
  })
  .openapi("ImportReport");

interface BulkImportRoute<T> {
  path: "/users/bulk" | "/urls/bulk";
  tag: "users" | "urls";
  defaultFile: string;
  plan: ImportPlan<T>;
}

/**
 * Registers a CSV import endpoint. It is a plain Hono route (documented by hand) because
 * zod-openapi's form validator would buffer the whole upload before the size cap applies.
 */
export function registerBulkImport<T>(app: OpenAPIHono<AppEnv>, spec: BulkImportRoute<T>) {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: spec.path,
    ...requires("operator"),
    tags: [spec.tag],
    description: `Imports a CSV: multipart/form-data with the file in field "file", a text/csv body, or {"file": "${spec.defaultFile}"} to load the bundled sample dataset. Rows are validated one by one; duplicates are skipped.`,
    request: {
      body: {
        content: {
          "multipart/form-data": { schema: z.object({ file: z.string().openapi({ format: "binary" }) }) },
          "text/csv": { schema: z.string() },
          "application/json": { schema: z.object({ file: z.string().optional() }) },
        },
      },
    },
    responses: {
      201: jsonResponse(ImportReportSchema, "Import report"),
      400: errorResponse("Not a CSV, not UTF-8, malformed, or missing required columns"),
      403: errorResponse("A user's key: bulk imports are the admin key's (a user imports through POST /urls/import)"),
      404: errorResponse("No sample dataset of that name"),
      413: errorResponse("File over the size limit"),
      415: errorResponse("Unsupported Content-Type"),
      422: errorResponse("No row was valid"),
    },
  });

  app.post(spec.path, async (c) => {
    const report = await importCsv(c.var, c.req.raw, {
      resource: spec.tag,
      defaultFile: spec.defaultFile,
      plan: spec.plan,
    });
    return c.json(report, 201);
  });
}
