// Unique clicks without knowing anyone: a redirect sends, with its click, a keyed hash of the
// visitor's IP address, user agent and the link. The key is derived from the deployment's secret
// and the UTC day, so it changes every day and a hash can never be linked to another day's; the
// consumer keeps it in Redis for an hour (a reload within the hour is the same visitor) and stores
// nothing but a yes or no. The IP address and user agent never leave the redirect.
//
// The hash is SipHash-2-4 with a 128-bit output (the siphash package, by libsodium's author): a keyed
// pseudo-random function made for short inputs, in plain JavaScript. Without the day's key nobody can
// tell what went in or link two values. It replaced HMAC-SHA-256 through node:crypto, whose stream
// object and buffer copies per call were the largest part of what a click cost a cached redirect
// (docs/CAPACITY.md); crypto.subtle's is a promise per click. The day's key is still an HMAC of the
// secret, made once a day per isolate.
import { createHmac } from "node:crypto";
import SipHashDouble from "siphash/lib/siphash-double.js";
import { DAY_MS } from "../../lib/time";

interface DayKey {
  secret: string;
  /** The UTC day it serves: [start, start + DAY_MS). */
  start: number;
  key: Uint32Array;
}

// Derived on the first click of a day (inside a request: workerd refuses crypto work at module load),
// then reused; a click compares two numbers to know its key is current.
let dayKey: DayKey | undefined;

function keyOfDay(secret: string, now: number): Uint32Array {
  if (dayKey?.secret === secret && now >= dayKey.start && now < dayKey.start + DAY_MS) return dayKey.key;
  const start = now - (now % DAY_MS);
  const day = new Date(start).toISOString().slice(0, 10);
  // Domain-separated from the secret's other use (the unlock cookies' MAC); SipHash takes 128 bits.
  const mac = createHmac("sha256", secret).update(`linkscope unique visitor ${day}`).digest();
  const key = new Uint32Array(4);
  for (let word = 0; word < 4; word++) key[word] = mac.readUInt32LE(word * 4);
  dayKey = { secret, start, key };
  return key;
}

const encoder = new TextEncoder();

/** 32 hex characters (128 bits) naming this visitor of this link today, and nothing else. */
export function visitorHash(
  secret: string,
  visitor: { ip: string; userAgent: string; link: string },
  now: number,
): string {
  return SipHashDouble.hash_hex(
    keyOfDay(secret, now),
    encoder.encode(`${visitor.ip}\n${visitor.userAgent}\n${visitor.link}`),
  );
}

/** Sec-GPC: 1 (Global Privacy Control): the click is kept without referrer, device or visitor hash. */
export const asksNotToBeTracked = (headers: Headers) => headers.get("Sec-GPC")?.trim() === "1";
