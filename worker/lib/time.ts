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
