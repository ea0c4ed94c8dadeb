// POST /urls/import?source=...: links from another shortener's CSV export (or Linkscope's), for the
// caller (a user's key) or any owner (the admin key). A plain Hono route, documented by hand, like
// the bulk imports: the CSV is read as a stream under the size cap, never buffered by a validator.
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { badRequest } from "../../lib/errors";
import { describeZodError, POSTGRES_MAX_INT, queryInt } from "../../lib/validation";
import { importLinks, ON_CONFLICT } from "../../services/imports/import-links";
import { LINK_SOURCES } from "../../services/imports/link-sources";
import { ImportReportSchema } from "../shared/bulk-import";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const ImportQuery = z
  .object({
    source: z.enum(LINK_SOURCES, { error: `source must be one of ${LINK_SOURCES.join(", ")}` }).openapi({
      description:
        "Whose export it is: linkscope (GET /urls/export.csv), shlink, yourls, bitly, or csv (url, code, title, tags)",
    }),
    dry_run: z.enum(["true", "false"], { error: "dry_run must be true or false" }).default("false").openapi({
      description:
        "true: check everything and report, import nothing (a user's key is not told of codes other owners hold)",
    }),
    on_conflict: z
      .enum(ON_CONFLICT, { error: `on_conflict must be one of ${ON_CONFLICT.join(", ")}` })
      .default("skip")
      .openapi({
        description: "A code already taken (or reserved): skip the row, fail the whole import, or rename (code-2...)",
      }),
    user_id: queryInt("user_id", 1, POSTGRES_MAX_INT).openapi({
      description: "The owner of the imported links (admin key; a user's key imports its own)",
    }),
  })
  .strict();

const LinkImportReportSchema = ImportReportSchema.extend({
  source: z.enum(LINK_SOURCES),
  dry_run: z.boolean(),
  on_conflict: z.enum(ON_CONFLICT),
  unknown_columns: z.array(z.string()).openapi({ description: "Columns the source is not known to have: not read" }),
  ignored_columns: z.array(z.string()).openapi({ description: "The source's columns that are not imported" }),
  renamed: z.number().int(),
  renamed_rows: z.array(z.object({ row: z.number().int(), from: z.string(), to: z.string() })),
  warnings: z.array(z.object({ row: z.number().int(), warning: z.string() })),
}).openapi("LinkImportReport");

export function registerImportUrls(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/urls/import",
    ...requires("links:write"),
    tags: ["urls"],
    description:
      'Imports links from a CSV export: text/csv, or multipart/form-data with the file in field "file". Rows are validated one by one (destination rules included); every link, its tags and its audit event go in one transaction (none with dry_run=true). Passwords are never imported.',
    request: {
      query: ImportQuery,
      body: {
        content: {
          "text/csv": { schema: z.string() },
          "multipart/form-data": { schema: z.object({ file: z.string().openapi({ format: "binary" }) }) },
        },
      },
    },
    responses: {
      201: jsonResponse(
        LinkImportReportSchema,
        "What was imported (or, dry run, would be), skipped, renamed and refused",
      ),
      400: errorResponse("A bad parameter, not a CSV, not UTF-8, malformed, or no destination column"),
      403: errorResponse("A user's key asked for another owner"),
      409: errorResponse("on_conflict=fail and a code was taken: nothing was imported"),
      413: errorResponse(
        "File over the size limit, or (a user's key) more than MAX_IMPORT_ROWS rows (5,000 by default)",
      ),
      415: errorResponse("Unsupported Content-Type"),
      422: errorResponse("No row was valid"),
    },
  });

  app.post("/urls/import", async (c) => {
    const parsed = ImportQuery.safeParse(c.req.query());
    if (!parsed.success) throw badRequest(describeZodError(parsed.error));
    const query = parsed.data;
    const report = await importLinks(c.var, c.req.raw, {
      source: query.source,
      dryRun: query.dry_run === "true",
      onConflict: query.on_conflict,
      userId: query.user_id,
    });
    return c.json(report, 201);
  });
}
