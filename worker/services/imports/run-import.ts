// The shared loop of every bulk import: validate each record, insert valid rows in batches
// inside one transaction, and report what happened to every row.
import type { TransactionalDatabase } from "../../../db/client";
import type { LinkTransaction } from "../urls/link-store";

/** The import's one interactive transaction on the WebSocket pool. */
export type ImportTransaction = LinkTransaction;

import type { DestinationPolicy } from "../../domain/destination";
import { AppError, badRequest } from "../../lib/errors";
import { isOperator, type ServiceContext } from "../service-context";
import type { CsvRecord, CsvRecords } from "./csv-records";

export const IMPORT_BATCH_SIZE = 500;
// The report lists the first this many row errors, in row order; the counts cover all of them.
const MAX_REPORTED_ERRORS = 100;

export interface RowError {
  row: number;
  error: string;
}

export interface ImportReport {
  imported: number;
  rows: number;
  skipped: number;
  /** The first 100 skipped rows, in row order, each with why (what already holds its id or name). */
  skipped_rows: SkippedRow[];
  failed: number;
  errors: RowError[];
  /** How many rows failed with each message (messages name no values, so they count as kinds). */
  error_counts: Record<string, number>;
}

export interface SkippedRow {
  row: number;
  reason: string;
}

export interface NumberedRow<T> {
  row: number;
  value: T;
}

export interface ImportPlan<T> {
  requiredColumns: readonly string[];
  /** A valid row, or the reason it is not (`policy`: the deployment's destination rules). */
  validate(record: CsvRecord, policy: DestinationPolicy): T | string;
  /** Inserts what it can; returns how many rows went in, the rows it refused, and the short
   * codes it created (their redirect cache entries must go). */
  insertBatch(
    tx: ImportTransaction,
    batch: NumberedRow<T>[],
  ): Promise<{ inserted: number; rejected: RowError[]; skipped: SkippedRow[]; codes?: string[] }>;
  /** Runs once after the last batch, in the same transaction. */
  finish(tx: ImportTransaction): Promise<void>;
}

function checkHeader(header: string[] | undefined, required: readonly string[]): void {
  if (header === undefined) throw badRequest("the CSV file is empty");
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) throw badRequest(`the CSV is missing required column(s): ${missing.join(", ")}`);
}

export interface ImportOutcome {
  report: ImportReport;
  /** The links written, by key (domain/link-key.ts): what the caches must forget. */
  createdCodes: string[];
}

/**
 * Adds an entry to a report list that keeps the lowest-numbered rows, sorted. Entries arrive out of
 * order (a batch's refusals after later rows' validation errors), and the report must show the
 * file's first problems of every kind.
 */
function keepLowestRows<E extends { row: number }>(list: E[], entry: E): void {
  const last = list[list.length - 1];
  if (list.length >= MAX_REPORTED_ERRORS && last && last.row < entry.row) return;
  let at = list.length;
  while (at > 0 && (list[at - 1] as E).row > entry.row) at--;
  list.splice(at, 0, entry);
  if (list.length > MAX_REPORTED_ERRORS) list.pop();
}

/**
 * The most data rows one import may hold: MAX_IMPORT_ROWS for a user's key, whose every request is one
 * counted write however many links it makes; the admin key is bounded by MAX_IMPORT_BYTES alone.
 */
export function importRowLimit(ctx: ServiceContext): number | undefined {
  return isOperator(ctx.principal) ? undefined : ctx.config.MAX_IMPORT_ROWS;
}

const tooManyRows = (maxRows: number) =>
  new AppError(
    "PAYLOAD_TOO_LARGE",
    `too many rows: an API key imports at most ${maxRows} rows per request (MAX_IMPORT_ROWS); nothing was imported, split the file`,
  );

/** Thrown to roll a dry run back once its report is complete. */
class DryRunDone extends Error {}

export async function runImport<T>(
  db: TransactionalDatabase,
  csv: CsvRecords,
  plan: ImportPlan<T>,
  policy: DestinationPolicy,
  options: { dryRun?: boolean; maxRows?: number | undefined } = {},
): Promise<ImportOutcome> {
  const createdCodes: string[] = [];
  const report: ImportReport = {
    imported: 0,
    rows: 0,
    skipped: 0,
    skipped_rows: [],
    failed: 0,
    errors: [],
    error_counts: {},
  };
  const addError = (error: RowError) => {
    report.failed += 1;
    report.error_counts[error.error] = (report.error_counts[error.error] ?? 0) + 1;
    keepLowestRows(report.errors, error);
  };

  const run = db.transaction(async (tx) => {
    let batch: NumberedRow<T>[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const { inserted, rejected, skipped, codes = [] } = await plan.insertBatch(tx, batch);
      createdCodes.push(...codes);
      for (const error of rejected) addError(error);
      for (const row of skipped) keepLowestRows(report.skipped_rows, row);
      report.imported += inserted;
      report.skipped += skipped.length;
      batch = [];
    };
    for await (const record of csv.records) {
      if (report.rows === 0) checkHeader(csv.header(), plan.requiredColumns);
      report.rows += 1;
      // Inside the transaction: the rows already written go back with it.
      if (options.maxRows !== undefined && report.rows > options.maxRows) throw tooManyRows(options.maxRows);
      const result = plan.validate(record, policy);
      if (typeof result === "string") addError({ row: report.rows, error: result });
      else batch.push({ row: report.rows, value: result });
      if (batch.length >= IMPORT_BATCH_SIZE) await flush();
    }
    if (report.rows === 0) checkHeader(csv.header(), plan.requiredColumns);
    await flush();
    if (report.rows > 0 && report.imported + report.skipped === 0) {
      throw new AppError("UNPROCESSABLE", "no valid rows in the CSV", {
        failed: report.failed,
        errors: report.errors,
        error_counts: report.error_counts,
      });
    }
    await plan.finish(tx);
    // A dry run does everything (so conflicts and renames are what a real run would meet), then undoes it.
    if (options.dryRun) throw new DryRunDone();
  });
  try {
    await run;
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
    return { report, createdCodes: [] };
  }
  return { report, createdCodes };
}
