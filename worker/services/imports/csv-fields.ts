// Small parsers for CSV cells: each returns the value, or a string saying what is wrong.

import { parseImportTimestamp, parseRfc3339, rfc3339Expected } from "../../lib/time";
import { POSTGRES_MAX_INT } from "../../lib/validation";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

export function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

export function optionalId(field: string, raw: string | undefined): Parsed<number | undefined> {
  const value = blankToUndefined(raw);
  if (value === undefined) return ok(undefined);
  if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > POSTGRES_MAX_INT) {
    return fail(`${field} must be a positive integer`);
  }
  return ok(Number(value));
}

export function optionalTimestamp(field: string, raw: string | undefined): Parsed<Date | undefined> {
  const value = blankToUndefined(raw);
  if (value === undefined) return ok(undefined);
  const date = parseImportTimestamp(value);
  return date ? ok(date) : fail(`${field} must look like 2025-01-18 22:26:09`);
}

export function optionalBoolean(field: string, raw: string | undefined, fallback: boolean): Parsed<boolean> {
  const value = blankToUndefined(raw)?.toLowerCase();
  if (value === undefined) return ok(fallback);
  if (value === "true" || value === "1") return ok(true);
  if (value === "false" || value === "0") return ok(false);
  return fail(`${field} must be true or false`);
}

export function requiredText(field: string, raw: string | undefined, maxLength: number): Parsed<string> {
  const value = blankToUndefined(raw);
  if (value === undefined) return fail(`${field} is required`);
  if (value.length > maxLength) return fail(`${field} must be at most ${maxLength} characters`);
  return ok(value);
}

/** A lifecycle time (valid_since, expires_at): RFC 3339 with an offset, as the API takes it. */
export function optionalInstant(field: string, raw: string | undefined): Parsed<Date | null> {
  const value = blankToUndefined(raw);
  if (value === undefined) return ok(null);
  const date = parseRfc3339(value);
  return date ? ok(date) : fail(rfc3339Expected(field));
}

export function optionalCount(field: string, raw: string | undefined, max: number): Parsed<number | null> {
  const value = blankToUndefined(raw);
  if (value === undefined) return ok(null);
  if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    return fail(`${field} must be between 1 and ${max}`);
  }
  return ok(Number(value));
}
