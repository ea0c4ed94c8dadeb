import { and, inArray, isNull, or } from "drizzle-orm";
import { urls, users } from "../../../db/schema";
import { OPERATOR_ACTOR } from "../../domain/audit-actor";
import { checkAllowedDestination, type DestinationPolicy, PROBLEM_MESSAGES } from "../../domain/destination";
import { VALIDITY_WINDOW_MESSAGE } from "../../domain/link-state";
import { RESERVED_SHORT_CODES, STORED_SHORT_CODE_PATTERN } from "../../domain/short-code";
import { parseTagCell } from "../../domain/tag-names";
import { MAX_CLICKS_LIMIT, TITLE_MAX_LENGTH } from "../../lib/limits";
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

/** A row of urls.csv: a link as the writer takes it, its id and times included when the file has them. */
type UrlImportRow = NewLink & { shortCode: string; userId: number | null };

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
  const holders = await tx
    .select({ id: urls.id, shortCode: urls.shortCode })
    .from(urls)
    .where(
      or(
        ids.length > 0 ? inArray(urls.id, ids) : undefined,
        // Imported links are written on the default domain: only its codes are in the way.
        and(
          isNull(urls.domainId),
          inArray(
            urls.shortCode,
            skipped.map(({ value }) => value.shortCode),
          ),
        ),
      ),
    );
  const takenIds = new Set(holders.map((holder) => holder.id));
  const takenCodes = new Set(holders.map((holder) => holder.shortCode));
  return skipReasons(skipped, [
    { field: "id", taken: (value) => value.id !== undefined && takenIds.has(value.id) },
    { field: "short_code", taken: (value) => takenCodes.has(value.shortCode) },
  ]);
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
    return {
      id: id.value,
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
    const ownerIds = [...new Set(batch.flatMap(({ value }) => (value.userId === null ? [] : [value.userId])))];
    const existing = ownerIds.length
      ? new Set((await tx.select({ id: users.id }).from(users).where(inArray(users.id, ownerIds))).map((u) => u.id))
      : new Set<number>();
    const rejected: RowError[] = [];
    const accepted = batch.filter(({ row, value }) => {
      if (value.userId === null || existing.has(value.userId)) return true;
      rejected.push({ row, error: "user_id does not exist" });
      return false;
    });
    if (accepted.length === 0) return { inserted: 0, rejected, skipped: [] };
    const inserted = await insertLinks(
      tx,
      accepted.map(({ value }) => value),
      "bulk_import",
      // The CSV bulk import is the operator's alone (import-csv.ts refuses anyone else).
      OPERATOR_ACTOR,
    );
    const codes = inserted.map((url) => url.shortCode);
    const skipped = rowsNotInserted(accepted, codes, (value) => value.shortCode);
    return { inserted: inserted.length, rejected, skipped: await whySkipped(tx, skipped), codes };
  },
  finish: (tx) => advanceIdSequence(tx, "urls"),
};
