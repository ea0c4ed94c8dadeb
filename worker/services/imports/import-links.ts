// POST /urls/import: links from another shortener's export (or Linkscope's own), for one owner, in
// one transaction: each batch's codes checked against the table and the file before it, a taken code
// skipped, fatal, or renamed as asked, and each link written with its tags and its audit event.
import { sql } from "drizzle-orm";
import { urls } from "../../../db/schema";
import { invalidateCaches } from "../../cache/invalidate";
import type { Actor } from "../../domain/audit-actor";
import { linkKey } from "../../domain/link-key";
import { generateShortCode, RESERVED_SHORT_CODES } from "../../domain/short-code";
import { badRequest, conflict } from "../../lib/errors";
import { SHORT_CODE_MAX_LENGTH } from "../../lib/limits";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";
import { ownerForWrite, workspaceOf } from "../auth/access";
import { type ImportDomains, importDomains } from "../domains/import-domains";
import { actorOf, isOperator, type ServiceContext } from "../service-context";
import { jsonParameter } from "../tags/link-tags";
import { writePolicy } from "../urls/destination-policy";
import { insertLinks, type LinkDomain } from "../urls/link-store";
import { ownersWorkspace } from "../workspaces/workspace-store";
import { readCsvRecords } from "./csv-records";
import { openCsvSource } from "./csv-source";
import { type LinkCells, type LinkImportRow, readLinkRow } from "./link-import-row";
import { type ColumnMap, destinationHeaders, type LinkSource, mapColumns } from "./link-sources";
import {
  type ImportPlan,
  type ImportReport,
  type ImportTransaction,
  importRowLimit,
  type NumberedRow,
  runImport,
} from "./run-import";

export const ON_CONFLICT = ["skip", "fail", "rename"] as const;
export type OnConflict = (typeof ON_CONFLICT)[number];

// The report lists the first this many renames and warnings; their counts are complete.
const MAX_REPORTED = 100;

export interface LinkImportOptions {
  source: LinkSource;
  dryRun: boolean;
  onConflict: OnConflict;
  /** The admin's choice of owner (a user's key imports for itself). */
  userId: number | null | undefined;
}

export interface LinkImportReport extends ImportReport {
  source: LinkSource;
  dry_run: boolean;
  on_conflict: OnConflict;
  /** Columns this source is not known to have: not imported. */
  unknown_columns: string[];
  /** Columns this source has that are not imported (an IP address, a domain, a computed state). */
  ignored_columns: string[];
  renamed: number;
  renamed_rows: { row: number; from: string; to: string }[];
  warnings: { row: number; warning: string }[];
}

/** Why a code cannot be the link's own: taken in the table or earlier in the file, or reserved. */
type Taken = "exists" | "reserved";

/** Candidates for a taken code: code-2 ... code-10 when they fit, then a generated one. */
function renameCandidates(code: string): string[] {
  const numbered = Array.from({ length: 9 }, (_, i) => `${code}-${i + 2}`).filter(
    (candidate) => candidate.length <= SHORT_CODE_MAX_LENGTH,
  );
  return [...numbered, generateShortCode(), generateShortCode()];
}

/** Which of these links (by key: domain/link-key.ts) the table holds, each with its workspace. */
async function keyOwners(tx: ImportTransaction, links: LinkAt[]): Promise<Map<string, number>> {
  if (links.length === 0) return new Map();
  const named = links.map((link) => ({ domain: link.domain?.id ?? 0, code: link.code }));
  const rows = await tx
    .select({ domainId: urls.domainId, code: urls.shortCode, owner: urls.workspaceId })
    .from(urls)
    .where(
      sql`(coalesce(${urls.domainId}, 0), ${urls.shortCode}) IN
        (SELECT r.domain, r.code FROM jsonb_to_recordset(${jsonParameter(named)}) AS r(domain integer, code text))`,
    );
  return new Map(rows.map((row) => [linkKey(row.domainId, row.code), row.owner]));
}

/** A code on a domain (null: the default one). */
interface LinkAt {
  domain: LinkDomain | null;
  code: string;
}

const keyOf = (link: LinkAt) => linkKey(link.domain?.id ?? null, link.code);

/**
 * `ownCodesOnly` (a dry run by a key or a person): a code another workspace holds is looked at as free, so a dry
 * run, which keeps nothing, cannot tell which codes exist. A real run meets the code taken, as POST
 * /urls with that code would, and keeps the links it made.
 */
function linkPlan(
  options: LinkImportOptions & { ownCodesOnly: boolean },
  owner: { userId: number | null; workspaceId: number },
  actor: Actor,
  columns: () => ColumnMap,
  extras: Pick<LinkImportReport, "renamed" | "renamed_rows" | "warnings">,
  policy: Parameters<typeof readLinkRow>[2],
  domains: ImportDomains,
): ImportPlan<LinkImportRow> {
  // Links (keys) this import has given out, batch after batch (the table knows them too, but this is cheaper).
  const used = new Set<string>();
  const skipOrFail = (row: number, code: string, why: Taken) => {
    const reason = why === "reserved" ? "short_code is reserved" : "short_code already exists";
    if (options.onConflict === "fail") {
      throw conflict(`row ${row}: ${reason} ("${code}"); on_conflict=fail: nothing was imported`);
    }
    return { row, reason };
  };
  return {
    requiredColumns: [],
    validate(record) {
      const cells: LinkCells = {};
      for (const [column, field] of columns().fields) {
        if (field !== "ignored") cells[field] = record[column];
      }
      return readLinkRow(cells, options.source, policy);
    },
    async insertBatch(tx, batch) {
      const skipped: { row: number; reason: string }[] = [];
      const placed = batch.map(({ row, value }) => ({ row, value, domain: domains.of(value.domainName) }));
      const explicit = placed.flatMap(({ value, domain }) =>
        value.shortCode === undefined ? [] : [{ domain, code: value.shortCode }],
      );
      // Drawn once per link, so the table is asked about the very candidates a rename picks from.
      const alternatives = new Map(
        options.onConflict === "rename"
          ? explicit.map((link) => [keyOf(link), renameCandidates(link.code).map((code) => ({ ...link, code }))])
          : [],
      );
      const owners = await keyOwners(tx, [...explicit, ...[...alternatives.values()].flat()]);
      // Held by another workspace, in a dry run by a key or a person: looked at as free, and not inserted (the
      // insert would meet it) but counted as a real run's insert of a free code would be.
      const hidden = new Set(
        options.ownCodesOnly
          ? [...owners].filter(([, holder]) => holder !== owner.workspaceId).map(([key]) => key)
          : [],
      );
      const inTable = new Set([...owners.keys()].filter((key) => !hidden.has(key)));
      const isFree = (link: LinkAt) =>
        !inTable.has(keyOf(link)) && !used.has(keyOf(link)) && !RESERVED_SHORT_CODES.has(link.code.toLowerCase());
      const accepted: NumberedRow<LinkImportRow & LinkAt>[] = [];
      for (const { row, value, domain } of placed) {
        const wanted = value.shortCode === undefined ? undefined : { domain, code: value.shortCode };
        let link: LinkAt = wanted ?? { domain, code: generateShortCode() };
        if (wanted !== undefined && !isFree(wanted)) {
          const why: Taken = RESERVED_SHORT_CODES.has(wanted.code.toLowerCase()) ? "reserved" : "exists";
          if (options.onConflict !== "rename") {
            skipped.push(skipOrFail(row, wanted.code, why));
            continue;
          }
          link = alternatives.get(keyOf(wanted))?.find(isFree) ?? { domain, code: generateShortCode() };
          extras.renamed += 1;
          if (extras.renamed_rows.length < MAX_REPORTED)
            extras.renamed_rows.push({ row, from: wanted.code, to: link.code });
        }
        used.add(keyOf(link));
        const warning = value.warning ?? domains.warningFor(value.domainName);
        if (warning && extras.warnings.length < MAX_REPORTED) extras.warnings.push({ row, warning });
        accepted.push({ row, value: { ...value, ...link } });
      }
      const pretended = accepted.filter(({ value }) => hidden.has(keyOf(value))).length;
      const toInsert = accepted.filter(({ value }) => !hidden.has(keyOf(value)));
      if (toInsert.length === 0) return { inserted: pretended, rejected: [], skipped };
      const now = new Date();
      const inserted = await insertLinks(
        tx,
        toInsert.map(({ value: { code, warning: _, domainName: __, ...link } }) => ({
          ...link,
          ...owner,
          shortCode: code,
          createdAt: link.createdAt ?? now,
          updatedAt: now,
        })),
        `import:${options.source}`,
        actor,
      );
      // A code taken since this batch looked (another writer): the row is skipped like any taken code.
      const written = new Set(inserted.map((url) => linkKey(url.domainId, url.shortCode)));
      for (const { row, value } of toInsert) {
        if (!written.has(keyOf(value))) skipped.push(skipOrFail(row, value.code, "exists"));
      }
      skipped.sort((a, b) => a.row - b.row);
      return {
        inserted: inserted.length + pretended,
        rejected: [],
        skipped,
        codes: [...written],
      };
    },
    finish: async () => undefined,
  };
}

export async function importLinks(
  ctx: ServiceContext,
  request: Request,
  options: LinkImportOptions,
): Promise<LinkImportReport> {
  const userId = ownerForWrite(ctx, options.userId, "an API key can only import links for its own user") ?? null;
  // The caller's workspace, or (the operator's seed-style import) the maker's own; an unknown user is a 400.
  const owner = { userId, workspaceId: workspaceOf(ctx) ?? (await ownersWorkspace(ctx.database(), userId)) };
  const source = await openCsvSource(request, { defaultFile: "urls.csv", maxBytes: ctx.config.MAX_IMPORT_BYTES });
  const csv = readCsvRecords(source);
  let columnMap: ColumnMap | undefined;
  const columns = () => {
    if (columnMap) return columnMap;
    columnMap = mapColumns(options.source, csv.header() ?? []);
    if (![...columnMap.fields.values()].includes("original_url")) {
      throw badRequest(
        `the CSV has no destination column for source ${options.source}: one of ${destinationHeaders(options.source).join(", ")}`,
      );
    }
    return columnMap;
  };
  const extras: Pick<LinkImportReport, "renamed" | "renamed_rows" | "warnings"> = {
    renamed: 0,
    renamed_rows: [],
    warnings: [],
  };
  const policy = writePolicy(ctx.config, new URL(request.url).hostname);
  const ownExport = options.source === "linkscope";
  const domains = await importDomains(ctx.database(), owner.workspaceId, policy.ownHosts, ownExport);
  const outcome = await runImport(
    ctx.transactionalDatabase(),
    csv,
    linkPlan(
      { ...options, ownCodesOnly: options.dryRun && !isOperator(ctx.principal) },
      owner,
      actorOf(ctx),
      columns,
      extras,
      policy,
      domains,
    ),
    policy,
    { dryRun: options.dryRun, maxRows: importRowLimit(ctx) },
  );
  if (!options.dryRun) {
    const { report } = outcome;
    const counts = {
      imported: report.imported - extras.renamed,
      renamed: extras.renamed,
      skipped: report.skipped,
      failed: report.failed,
    };
    for (const [result, rows] of Object.entries(counts)) {
      if (rows > 0) incrementCounter(METRICS.importedRows, { source: options.source, result }, rows);
    }
    await invalidateCaches(ctx.cache, { createdLinks: outcome.createdCodes, lists: ["urls"] }, ctx.requestId);
  }
  const map = columns();
  return {
    ...outcome.report,
    source: options.source,
    dry_run: options.dryRun,
    on_conflict: options.onConflict,
    unknown_columns: map.unknown,
    ignored_columns: [...map.fields].filter(([, field]) => field === "ignored").map(([column]) => column),
    ...extras,
  };
}
