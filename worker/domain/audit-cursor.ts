// The opaque cursor of a workspace's audit log: where the next (older) page starts.
import { fromBase64Url, toBase64Url } from "../lib/base64";

const PREFIX = "audit:";

export const encodeAuditCursor = (beforeId: number): string =>
  toBase64Url(new TextEncoder().encode(`${PREFIX}${beforeId}`));

/** The id the next page starts before, or undefined for anything that is not one of ours. */
export function decodeAuditCursor(text: string): number | undefined {
  const bytes = fromBase64Url(text);
  if (!bytes) return undefined;
  const decoded = new TextDecoder().decode(bytes);
  if (!decoded.startsWith(PREFIX)) return undefined;
  const digits = decoded.slice(PREFIX.length);
  if (!/^[1-9]\d{0,9}$/.test(digits)) return undefined;
  const id = Number(digits);
  return id <= 2_147_483_647 ? id : undefined;
}
