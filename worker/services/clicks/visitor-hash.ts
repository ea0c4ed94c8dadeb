// Unique clicks without knowing anyone: a redirect sends, with its click, a keyed hash of the
// visitor's IP address, user agent and the link. The key is derived from the deployment's secret
// and the UTC day, so it changes every day and a hash can never be linked to another day's; the
// consumer keeps it in Redis for an hour (a reload within the hour is the same visitor) and stores
// nothing but a yes or no. The IP address and user agent never leave the redirect.
// node:crypto's HMAC (nodejs_compat) rather than crypto.subtle: the same bytes, but synchronous, so a
// redirect's click needs no promise of its own; it was a tenth of a cached redirect's CPU with
// subtle.sign (docs/CAPACITY.md).
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";

// The day's key, per isolate: derived on the first click of a day (inside a request: workerd
// refuses crypto work at module load), then reused. HMAC(secret, label) is what the key derived with
// crypto.subtle before was, byte for byte, so a deploy in the middle of a day changes no hash.
let dayKey: { secret: string; day: string; key: KeyObject } | undefined;

function keyOfDay(secret: string, now: number): KeyObject {
  const day = new Date(now).toISOString().slice(0, 10);
  if (dayKey?.secret !== secret || dayKey.day !== day) {
    // Domain-separated from the secret's other use (the unlock cookies' MAC).
    // A KeyObject: each click's HMAC then copies no key bytes.
    const raw = createHmac("sha256", secret).update(`linkscope unique visitor ${day}`).digest();
    dayKey = { secret, day, key: createSecretKey(raw) };
  }
  return dayKey.key;
}

/** 32 hex characters (128 bits) naming this visitor of this link today, and nothing else. */
export function visitorHash(
  secret: string,
  visitor: { ip: string; userAgent: string; link: string },
  now: number,
): string {
  const text = `${visitor.ip}\n${visitor.userAgent}\n${visitor.link}`;
  return createHmac("sha256", keyOfDay(secret, now)).update(text).digest("hex").slice(0, 32);
}

/** Sec-GPC: 1 (Global Privacy Control): the click is kept without referrer, device or visitor hash. */
export const asksNotToBeTracked = (headers: Headers) => headers.get("Sec-GPC")?.trim() === "1";
