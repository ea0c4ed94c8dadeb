// One row of POST /urls/import, from its mapped cells to a link that can be inserted, or the reason
// it cannot. Cells are read back from their export form first (a leading apostrophe that kept a
// formula from running is dropped), and every destination meets the deployment's rules.

import { checkAllowedDestination, type DestinationPolicy, PROBLEM_MESSAGES } from "../../domain/destination";
import { QUERY_FORWARDING_MODES, type QueryForwarding, type UtmTags } from "../../domain/link-record";
import { parseRules, type Rule } from "../../domain/link-rules";
import { STORED_SHORT_CODE_PATTERN } from "../../domain/short-code";
import { parseTagCell } from "../../domain/tag-names";
import { Utm } from "../../domain/utm-field";
import { readNeutralisedCell } from "../../lib/csv-cells";
import { TITLE_MAX_LENGTH } from "../../lib/limits";
import { DAY_MS, parseImportTimestamp, parseRfc3339 } from "../../lib/time";
import { POSTGRES_MAX_INT } from "../../lib/validation";
import { givenSettings } from "../urls/link-settings";
import type { NewLink } from "../urls/link-store";
import { blankToUndefined, optionalBoolean, type Parsed } from "./csv-fields";
import { lifecycleOf } from "./import-urls";
import type { LinkField, LinkSource } from "./link-sources";

/** A link as the writer takes it (its owner is the import's), or, with no code, one to be drawn. */
export type LinkImportRow = Omit<NewLink, "shortCode" | "userId"> & {
  /** undefined: a code is generated. */
  shortCode: string | undefined;
  /** The short link's domain as the file names it (lower case); undefined: none named. */
  domainName: string | undefined;
  /** Said in the report, the row imported all the same. */
  warning: string | undefined;
};

export type LinkCells = Partial<Record<LinkField, string>>;

const PASSWORD_WARNING =
  "the link had a password, which is never imported: it was imported inactive; set a password (PATCH) and activate it";

const fail = (error: string): Parsed<never> => ({ ok: false, error });

/** A short link's code: the one segment of its path ("https://bit.ly/3xYz" or "bit.ly/3xYz"). */
function codeOfLink(raw: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return fail("link: not a URL");
  }
  const code = url.pathname.replace(/^\/+|\/+$/g, "");
  return code === "" || code.includes("/") ? fail("link: its path holds no single code") : { ok: true, value: code };
}

/** Times as shorteners write them: RFC 3339, "2025-01-18 22:26:09" (UTC) with an optional zone, or a date. */
function createdAt(raw: string | undefined): Parsed<Date | undefined> {
  const value = blankToUndefined(raw);
  if (value === undefined) return { ok: true, value: undefined };
  const date =
    parseRfc3339(value) ??
    parseImportTimestamp(value) ??
    (/^\d{4}-\d\d-\d\d$/.test(value) ? parseRfc3339(`${value}T00:00:00Z`) : undefined);
  if (!date) return fail("created_at must be a time like 2025-01-18T22:26:09Z or 2025-01-18 22:26:09");
  // A link from the future would sort, filter and window wrongly for good; a day covers any clock's skew.
  if (date.getTime() > Date.now() + DAY_MS) return fail("created_at is in the future");
  return { ok: true, value: date };
}

/** A click count as exports write it ("1,234" included). */
function clickCount(field: string, raw: string | undefined): Parsed<number> {
  const value = blankToUndefined(raw)?.replace(/[,_\s]/g, "");
  if (value === undefined) return { ok: true, value: 0 };
  if (!/^\d{1,10}$/.test(value) || Number(value) > POSTGRES_MAX_INT) return fail(`${field} must be a count of clicks`);
  return { ok: true, value: Number(value) };
}

function jsonCell<T>(field: string, raw: string | undefined, read: (value: unknown) => Parsed<T>): Parsed<T | null> {
  const value = blankToUndefined(raw);
  if (value === undefined) return { ok: true, value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return fail(`${field} must be JSON`);
  }
  return parsed === null ? { ok: true, value: null } : read(parsed);
}

function utmOf(raw: string | undefined): Parsed<UtmTags | null> {
  return jsonCell("utm", raw, (value) => {
    const parsed = Utm.safeParse(value);
    return parsed.success
      ? { ok: true, value: parsed.data as UtmTags | null }
      : fail(parsed.error.issues[0]?.message ?? "utm is invalid");
  });
}

function rulesOf(raw: string | undefined, policy: DestinationPolicy): Parsed<Rule[] | null> {
  return jsonCell("rules", raw, (value) => {
    const parsed = parseRules(value, (url) => {
      const checked = checkAllowedDestination(url, policy);
      return checked.ok ? { href: checked.href } : { problem: PROBLEM_MESSAGES[checked.problem] };
    });
    if (!parsed.ok) return fail(parsed.error);
    return { ok: true, value: parsed.value.length === 0 ? null : parsed.value };
  });
}

function shortCodeOf(cells: LinkCells): Parsed<string | undefined> {
  let code = blankToUndefined(cells.short_code);
  const link = blankToUndefined(cells.short_link);
  if (code === undefined && link !== undefined) {
    const fromLink = codeOfLink(link);
    if (!fromLink.ok) return fromLink;
    code = fromLink.value;
  }
  if (code !== undefined && !STORED_SHORT_CODE_PATTERN.test(code)) {
    return fail("short_code must be 1 to 64 letters, digits, '-' or '_'");
  }
  return { ok: true, value: code };
}

/** Every cell checked in order; the first problem is the row's error. */
export function readLinkRow(cells: LinkCells, source: LinkSource, policy: DestinationPolicy): LinkImportRow | string {
  const read: LinkCells = {};
  for (const [field, cell] of Object.entries(cells)) read[field as LinkField] = readNeutralisedCell(cell ?? "");
  const original = blankToUndefined(read.original_url);
  if (original === undefined) return "original_url is required";
  const checked = checkAllowedDestination(original, policy);
  if (!checked.ok) return PROBLEM_MESSAGES[checked.problem];
  const code = shortCodeOf(read);
  if (!code.ok) return code.error;
  const title = blankToUndefined(read.title) ?? null;
  if (title !== null && title.length > TITLE_MAX_LENGTH) return `title must be at most ${TITLE_MAX_LENGTH} characters`;
  // Bitly writes tags comma-separated; the others (and Linkscope's export) with "|".
  const tags = parseTagCell(read.tags ?? "", source === "bitly" ? /[|,]/ : /\|/);
  if (!tags.ok) return tags.error;
  const created = createdAt(read.created_at);
  if (!created.ok) return created.error;
  const active = optionalBoolean("is_active", read.is_active, true);
  if (!active.ok) return active.error;
  // The lifecycle columns as the bulk import reads them (the same names, checks and messages).
  const lifecycle = lifecycleOf(read, policy);
  if (typeof lifecycle === "string") return lifecycle;
  const forwarding = blankToUndefined(read.query_forwarding);
  if (forwarding !== undefined && !(QUERY_FORWARDING_MODES as readonly string[]).includes(forwarding)) {
    return "query_forwarding must be off, fill or merge";
  }
  const utm = utmOf(read.utm);
  if (!utm.ok) return utm.error;
  const rules = rulesOf(read.rules, policy);
  if (!rules.ok) return rules.error;
  // Counted there, whether as clicks or as clicks imported from yet another shortener before.
  const counted = clickCount("clicks", read.clicks);
  if (!counted.ok) return counted.error;
  const carried = clickCount("imported_clicks", read.imported_clicks);
  if (!carried.ok) return carried.error;
  const importedClicks = Math.min(counted.value + carried.value, POSTGRES_MAX_INT);
  const protectedByPassword =
    blankToUndefined(read.password) !== undefined ||
    /^(true|1)$/i.test(blankToUndefined(read.password_protected) ?? "");
  return {
    shortCode: code.value,
    domainName: blankToUndefined(read.domain)?.toLowerCase().replace(/\.$/, ""),
    originalUrl: checked.href,
    title,
    tags: tags.names,
    createdAt: created.value,
    isActive: active.value && !protectedByPassword,
    settings: givenSettings({
      ...lifecycle,
      queryForwarding: forwarding as QueryForwarding | undefined,
      utm: utm.value,
      rules: rules.value,
    }),
    importedClicks,
    warning: protectedByPassword ? PASSWORD_WARNING : undefined,
  };
}
