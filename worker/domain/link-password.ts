// Link passwords: stored as PBKDF2-HMAC-SHA-256 with a random 16-byte salt, never in plaintext
// anywhere (not the database, the caches, logs, events or the queue). 100,000 iterations is the
// most Cloudflare's production runtime allows for PBKDF2 (local workerd does not enforce it, so a
// test checks the stored count never exceeds it). Checked in constant time.

import { fromBase64, toBase64 } from "../lib/base64.ts";
import { CONTROL_CHARACTER } from "../lib/control-characters.ts";

export const PBKDF2_ITERATIONS = 100_000;
/** Cloudflare's production limit: deriving with more iterations throws there. */
export const PBKDF2_MAX_ITERATIONS = 100_000;
export const PASSWORD_MAX_LENGTH = 128;

const SALT_BYTES = 16;
const HASH_BITS = 256;
const SCHEME = "pbkdf2-sha256";

const encoder = new TextEncoder();

/**
 * What a submitted password means before it is hashed: NFC, so the same characters typed on two
 * keyboards match. A problem is worded for the API and never quotes the password.
 */
export function passwordProblem(password: string): string | undefined {
  const length = [...password.normalize("NFC")].length;
  if (length < 1 || length > PASSWORD_MAX_LENGTH) {
    return `password must be 1 to ${PASSWORD_MAX_LENGTH} characters`;
  }
  if (password.trim() !== password) {
    return "password must not begin or end with whitespace (it is never trimmed silently)";
  }
  if (CONTROL_CHARACTER.test(password)) return "password must not contain control characters";
  return undefined;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

/** "pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>". */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `${SCHEME}$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

export function iterationsOf(stored: string): number | undefined {
  const [scheme, iterations] = stored.split("$");
  return scheme === SCHEME ? Number(iterations) : undefined;
}

/**
 * Workers' SubtleCrypto, with its constant-time compare (a Cloudflare extension). Spelled out
 * because the scripts load this file under Node's types too, to hash; only the worker verifies.
 */
type WorkersSubtle = SubtleCrypto & { timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean };

/** Whether `password` is the one `stored` was made from. A malformed stored value matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationText, saltText, hashText] = stored.split("$");
  const iterations = Number(iterationText);
  if (scheme !== SCHEME || !Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) {
    return false;
  }
  if (saltText === undefined || hashText === undefined) return false;
  const derived = await derive(password, fromBase64(saltText), iterations);
  const expected = fromBase64(hashText);
  // The runtime's constant-time compare (as API keys use); it throws on unequal lengths.
  return derived.length === expected.length && (crypto.subtle as WorkersSubtle).timingSafeEqual(derived, expected);
}
