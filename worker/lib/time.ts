export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** The seed's timestamp shape: UTC, seconds precision, no zone suffix ("2025-01-18T22:26:09"). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

const CSV_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the timestamps found in CSV imports ("2025-01-18 22:26:09", with optional fraction
 * and zone). A value without a zone is UTC, as the seed wrote it. Returns undefined if invalid.
 */
export function parseImportTimestamp(value: string): Date | undefined {
  const match = CSV_TIMESTAMP.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${zone === "Z" ? "Z" : zone}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  // Date rolls 2025-02-30 over to March; reject instead of storing a different day.
  if (zone === "Z" && date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  return date;
}

/** What a refused lifecycle time is told (the API and the CSV import say the same). */
export const rfc3339Expected = (field: string) =>
  `${field} must be an RFC 3339 time with an offset, e.g. 2026-12-31T23:59:59Z`;

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time that names its offset ("2026-12-31T23:59:59Z", "...+02:00"). A time
 * without one is refused rather than guessed: UTC or the server's zone would both be a guess.
 * Returns undefined for anything else, including impossible dates (February 30th).
 */
export function parseRfc3339(value: string): Date | undefined {
  const match = RFC_3339.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", , sign, offsetH = "0", offsetM = "0"] = match;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    Number(offsetH) > 23 ||
    Number(offsetM) > 59
  ) {
    return undefined;
  }
  const offsetMs = (Number(offsetH) * 60 + Number(offsetM)) * 60_000 * (sign === "-" ? -1 : 1);
  const millis = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  return new Date(local - offsetMs + millis);
}

/** A timestamp column's value as epoch milliseconds (neon-http may hand a string back), or null. */
export const epochMs = (value: Date | string | null): number | null =>
  value === null ? null : new Date(value).getTime();
