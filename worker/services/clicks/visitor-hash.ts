// Unique clicks without knowing anyone: a redirect sends, with its click, a keyed hash of the
// visitor's IP address, user agent and the link. The key is derived from the deployment's secret
// and the UTC day, so it changes every day and a hash can never be linked to another day's; the
// consumer keeps it in Redis for an hour (a reload within the hour is the same visitor) and stores
// nothing but a yes or no. The IP address and user agent never leave the redirect.
import { hex } from "../../lib/hex-digest";

const encoder = new TextEncoder();
const hmacKey = (raw: BufferSource) =>
  crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

// The day's key, per isolate: derived on the first click of a day (inside a request: workerd
// refuses crypto work at module load), then reused.
let dayKey: { secret: string; day: string; key: Promise<CryptoKey> } | undefined;

async function deriveDayKey(secret: string, day: string): Promise<CryptoKey> {
  const master = await hmacKey(encoder.encode(secret));
  // Domain-separated from the secret's other use (the unlock cookies' MAC).
  return hmacKey(await crypto.subtle.sign("HMAC", master, encoder.encode(`linkscope unique visitor ${day}`)));
}

function keyOfDay(secret: string, now: number): Promise<CryptoKey> {
  const day = new Date(now).toISOString().slice(0, 10);
  if (dayKey?.secret !== secret || dayKey.day !== day) dayKey = { secret, day, key: deriveDayKey(secret, day) };
  return dayKey.key;
}

/** 32 hex characters (128 bits) naming this visitor of this link today, and nothing else. */
export async function visitorHash(
  secret: string,
  visitor: { ip: string; userAgent: string; link: string },
  now: number,
): Promise<string> {
  const text = `${visitor.ip}\n${visitor.userAgent}\n${visitor.link}`;
  const mac = await crypto.subtle.sign("HMAC", await keyOfDay(secret, now), encoder.encode(text));
  return hex(new Uint8Array(mac, 0, 16));
}

/** Sec-GPC: 1 (Global Privacy Control): the click is kept without referrer, device or visitor hash. */
export const asksNotToBeTracked = (headers: Headers) => headers.get("Sec-GPC")?.trim() === "1";
