// The orders GET /urls can list in, and the opaque cursor of keyset pagination: the sort it belongs
// to, the last row's sort key and its id. A page after a cursor starts strictly after that (key, id),
// so rows added meanwhile never shift what comes next (an offset would repeat or skip them).
import { fromBase64Url, toBase64Url } from "../lib/base64";

export const URL_SORTS = ["created_at", "-created_at", "clicks", "-clicks", "title", "-title"] as const;
export type UrlSort = (typeof URL_SORTS)[number];
/** The order without a sort: ids ascending (the seed's). */
export type UrlOrder = UrlSort | "id";

export interface ListCursor {
  order: UrlOrder;
  /** The last row's sort key: a time's exact text, a count, a title ("" for none), or the id. */
  key: string | number;
  id: number;
}

const ORDERS: readonly string[] = [...URL_SORTS, "id"];
const NUMERIC: readonly string[] = ["clicks", "-clicks", "id"];
const TIMES: readonly string[] = ["created_at", "-created_at"];
/** A created_at key as the list writes it: UTC, to the microsecond (Postgres's precision). */
const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: ListCursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.order, cursor.key, cursor.id])));
}

/** The cursor, or undefined for anything that is not one of ours (a cursor is input like any other). */
export function decodeCursor(text: string): ListCursor | undefined {
  if (text.length === 0 || text.length > 1_000) return undefined;
  const bytes = fromBase64Url(text);
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [order, key, id] = value as unknown[];
  if (typeof order !== "string" || !ORDERS.includes(order)) return undefined;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) return undefined;
  const numeric = NUMERIC.includes(order);
  if (numeric ? typeof key !== "number" || !Number.isSafeInteger(key) : typeof key !== "string" || key.length > 600) {
    return undefined;
  }
  if (TIMES.includes(order) && !EXACT_TIME.test(key as string)) return undefined;
  // A title key goes to Postgres as text, which takes no NUL.
  if (typeof key === "string" && key.includes("\u0000")) return undefined;
  return { order: order as UrlOrder, key: key as string | number, id };
}
