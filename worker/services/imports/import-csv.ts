// A CSV import, whole: the admin's, checked row by row against the deployment's destination
// policy, inserted in one transaction, and what the caches knew of the new rows forgotten.

import type { ListResource } from "../../cache/entity-cache";
import { invalidateCaches } from "../../cache/invalidate";
import { requireAdmin } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { writePolicy } from "../urls/destination-policy";
import { readCsvRecords } from "./csv-records";
import { openCsvSource } from "./csv-source";
import { type ImportPlan, type ImportReport, importRowLimit, runImport } from "./run-import";

export interface CsvImport<T> {
  /** Which cached lists the new rows belong to. */
  resource: ListResource;
  defaultFile: string;
  plan: ImportPlan<T>;
}

export async function importCsv<T>(ctx: ServiceContext, request: Request, spec: CsvImport<T>): Promise<ImportReport> {
  // An import writes any user's rows: the admin key (or no key while keys are optional).
  requireAdmin(ctx);
  const source = await openCsvSource(request, {
    defaultFile: spec.defaultFile,
    maxBytes: ctx.config.MAX_IMPORT_BYTES,
  });
  const { report, createdCodes } = await runImport(
    // The one interactive transaction: each batch reads what the one before it wrote.
    ctx.transactionalDatabase(),
    readCsvRecords(source),
    spec.plan,
    writePolicy(ctx.config, new URL(request.url).hostname),
    { maxRows: importRowLimit(ctx) },
  );
  await invalidateCaches(ctx.cache, { createdLinks: createdCodes, lists: [spec.resource] }, ctx.requestId);
  return report;
}
