import { inArray, or, sql } from "drizzle-orm";
import { domains, urls, users } from "../../../db/schema";
import { OPERATOR_ACTOR } from "../../domain/audit-actor";
import { checkAllowedDestination, type DestinationPolicy, PROBLEM_MESSAGES } from "../../domain/destination";
import { linkKey } from "../../domain/link-key";
import { VALIDITY_WINDOW_MESSAGE } from "../../domain/link-state";
import { RESERVED_SHORT_CODES, STORED_SHORT_CODE_PATTERN } from "../../domain/short-code";
import { parseTagCell } from "../../domain/tag-names";
import { MAX_CLICKS_LIMIT, TITLE_MAX_LENGTH } from "../../lib/limits";
import { jsonParameter } from "../tags/link-tags";
import { givenSettings } from "../urls/link-settings";
import { insertLinks, type NewLink } from "../urls/link-store";
import { advanceIdSequence } from "./advance-sequence";
import {
  blankToUndefined,
  optionalBoolean,
  optionalCount,
  optionalId,
  optionalInstant,
  optionalTimestamp,
} from "./csv-fields";
import type { ImportPlan, ImportTransaction, NumberedRow, RowError } from "./run-import";
import { explicitIds, rowsNotInserted, skipReasons } from "./skipped-rows";

/**
 * A row of urls.csv: a link as the writer takes it, its id and times included when the file has them,
 * and the hostname of the custom domain it goes on (undefined: the default domain).
 */
type UrlImportRow = NewLink & { shortCode: string; userId: number | null; domainName?: string | undefined };

const keyOfRow = (value: UrlImportRow) => linkKey(value.domain?.id ?? null, value.shortCode);

/** An optional destination column (expired_url, fallback_url): its serialisation, null, or what is wrong. */
function optionalDestination(
  field: string,
  raw: string | undefined,
  policy: DestinationPolicy,
): { ok: true; value: string | null } | { ok: false; error: string } {
  const value = blankToUndefined(raw);
  if (value === undefined) return { ok: true, value: null };
  const checked = checkAllowedDestination(value, policy);
  return checked.ok
    ? { ok: true, value: checked.href }
    : { ok: false, error: `${field}: ${PROBLEM_MESSAGES[checked.problem]}` };
}

/** The optional lifecycle columns (valid_since, expires_at, max_clicks, expired_url, fallback_url), or what is wrong. */
export function lifecycleOf(record: Record<string, string | undefined>, policy: DestinationPolicy) {
  const validSince = optionalInstant("valid_since", record.valid_since);
  if (!validSince.ok) return validSince.error;
  const expiresAt = optionalInstant("expires_at", record.expires_at);
  if (!expiresAt.ok) return expiresAt.error;
  if (validSince.value && expiresAt.value && validSince.value >= expiresAt.value) return VALIDITY_WINDOW_MESSAGE;
  const maxClicks = optionalCount("max_clicks", record.max_clicks, MAX_CLICKS_LIMIT);
  if (!maxClicks.ok) return maxClicks.error;
  const expiredUrl = optionalDestination("expired_url", record.expired_url, policy);
  if (!expiredUrl.ok) return expiredUrl.error;
  const fallbackUrl = optionalDestination("fallback_url", record.fallback_url, policy);
  if (!fallbackUrl.ok) return fallbackUrl.error;
  return {
    validSince: validSince.value,
    expiresAt: expiresAt.value,
    maxClicks: maxClicks.value,
    expiredUrl: expiredUrl.value,
    fallbackUrl: fallbackUrl.value,
  };
}

/**
 * urls.csv: short_code and original_url required and validated like the API's (the seed
 * stored anything). Each imported link gets its "created" audit event in the same transaction.
 */
/** What already holds each skipped row's id or short code (the table, or an earlier row of the file). */
async function whySkipped(tx: ImportTransaction, skipped: NumberedRow<UrlImportRow>[]) {
  if (skipped.length === 0) return [];
  const ids = explicitIds(skipped);
  const named = skipped.map(({ value }) => ({ domain: value.domain?.id ?? 0, code: value.shortCode }));
  const holders = await tx
    .select({ id: urls.id, domainId: urls.domainId, shortCode: urls.shortCode })
    .from(urls)
    .where(
      or(
        ids.length > 0 ? inArray(urls.id, ids) : undefined,
        // A code is in the way on its own domain only.
        sql`(coalesce(${urls.domainId}, 0), ${urls.shortCode}) IN
          (SELECT r.domain, r.code FROM jsonb_to_recordset(${jsonParameter(named)}) AS r(domain integer, code text))`,
      ),
    );
  const takenIds = new Set(holders.map((holder) => holder.id));
  const takenKeys = new Set(holders.map((holder) => linkKey(holder.domainId, holder.shortCode)));
  return skipReasons(skipped, [
    { field: "id", taken: (value) => value.id !== undefined && takenIds.has(value.id) },
    { field: "short_code", taken: (value) => takenKeys.has(keyOfRow(value)) },
  ]);
}

/**
 * The batch's rows with their domains: a named hostname must be a claimed domain, and the link then
 * belongs to that domain's workspace (a link's domain is always its own workspace's).
 */
async function placeOnDomains(tx: ImportTransaction, batch: NumberedRow<UrlImportRow>[]) {
  const names = [...new Set(batch.flatMap(({ value }) => (value.domainName === undefined ? [] : [value.domainName])))];
  const found = names.length
    ? await tx
        .select({ id: domains.id, hostname: domains.hostname, workspaceId: domains.workspaceId })
        .from(domains)
        .where(inArray(domains.hostname, names))
    : [];
  const byName = new Map(found.map((domain) => [domain.hostname, domain]));
  const rejected: RowError[] = [];
  const placed: NumberedRow<UrlImportRow>[] = [];
  for (const { row, value } of batch) {
    if (value.domainName === undefined) {
      placed.push({ row, value });
      continue;
    }
    const domain = byName.get(value.domainName);
    if (!domain) rejected.push({ row, error: `domain "${value.domainName}" is not a claimed domain` });
    else placed.push({ row, value: { ...value, domain, workspaceId: domain.workspaceId } });
  }
  return { placed, rejected };
}

export const urlImportPlan: ImportPlan<UrlImportRow> = {
  requiredColumns: ["short_code", "original_url"],
  validate(record, policy) {
    const shortCode = blankToUndefined(record.short_code);
    if (shortCode === undefined) return "short_code is required";
    if (!STORED_SHORT_CODE_PATTERN.test(shortCode)) return "short_code must be 1 to 64 letters, digits, '-' or '_'";
    if (RESERVED_SHORT_CODES.has(shortCode.toLowerCase())) return "short_code is reserved";
    const originalUrl = blankToUndefined(record.original_url);
    if (originalUrl === undefined) return "original_url is required";
    // The shape, and the deployment's rules too (its own hosts, blocked domains), as on every other write path.
    const destination = checkAllowedDestination(originalUrl, policy);
    if (!destination.ok) return PROBLEM_MESSAGES[destination.problem];
    const title = blankToUndefined(record.title) ?? null;
    if (title !== null && title.length > TITLE_MAX_LENGTH)
      return `title must be at most ${TITLE_MAX_LENGTH} characters`;
    const id = optionalId("id", record.id);
    if (!id.ok) return id.error;
    const userId = optionalId("user_id", record.user_id);
    if (!userId.ok) return userId.error;
    const isActive = optionalBoolean("is_active", record.is_active, true);
    if (!isActive.ok) return isActive.error;
    const createdAt = optionalTimestamp("created_at", record.created_at);
    if (!createdAt.ok) return createdAt.error;
    const updatedAt = optionalTimestamp("updated_at", record.updated_at);
    if (!updatedAt.ok) return updatedAt.error;
    const lifecycle = lifecycleOf(record, policy);
    if (typeof lifecycle === "string") return lifecycle;
    const tags = parseTagCell(record.tags ?? "");
    if (!tags.ok) return tags.error;
    const domainName = blankToUndefined(record.domain)?.toLowerCase().replace(/\.$/, "");
    return {
      id: id.value,
      domainName,
      userId: userId.value ?? null,
      shortCode,
      originalUrl: destination.href,
      title,
      isActive: isActive.value,
      createdAt: createdAt.value,
      updatedAt: updatedAt.value ?? createdAt.value,
      settings: givenSettings(lifecycle),
      tags: tags.names,
    };
  },
  async insertBatch(tx, batch) {
    const { placed, rejected } = await placeOnDomains(tx, batch);
    const ownerIds = [...new Set(placed.flatMap(({ value }) => (value.userId === null ? [] : [value.userId])))];
    const existing = ownerIds.length
      ? new Set((await tx.select({ id: users.id }).from(users).where(inArray(users.id, ownerIds))).map((u) => u.id))
      : new Set<number>();
    const accepted = placed.filter(({ row, value }) => {
      if (value.userId === null || existing.has(value.userId)) return true;
      rejected.push({ row, error: "user_id does not exist" });
      return false;
    });
    if (accepted.length === 0) return { inserted: 0, rejected, skipped: [] };
    const inserted = await insertLinks(
      tx,
      accepted.map(({ value: { domainName: _, ...link } }) => link),
      "bulk_import",
      // The CSV bulk import is the operator's alone (import-csv.ts refuses anyone else).
      OPERATOR_ACTOR,
    );
    // Each link by its key (domain/link-key.ts), for the caches to forget and to find what was skipped.
    const keys = inserted.map((url) => linkKey(url.domainId, url.shortCode));
    const skipped = rowsNotInserted(accepted, keys, keyOfRow);
    rejected.sort((a, b) => a.row - b.row);
    return { inserted: inserted.length, rejected, skipped: await whySkipped(tx, skipped), codes: keys };
  },
  finish: (tx) => advanceIdSequence(tx, "urls"),
};
