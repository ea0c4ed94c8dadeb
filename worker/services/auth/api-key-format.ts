// API keys: "lsk_" + a 10-character public id + "_" + 43 characters of secret (32 random bytes,
// base64url: 256 bits). The public id finds the stored row; only a SHA-256 hash of the whole key
// is stored, and hashes are compared in constant time.
import { toBase64Url } from "../../lib/base64";
import { hex, sha256Hex } from "../../lib/hex-digest";

const KEY_PATTERN = /^lsk_([0-9a-f]{10})_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export async function generateApiKey(): Promise<NewApiKey> {
  const prefix = `lsk_${hex(crypto.getRandomValues(new Uint8Array(5)))}`;
  const key = `${prefix}_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { key, prefix, hash: await sha256Hex(key) };
}

/** The public prefix ("lsk_" + id) of a well-formed key, else undefined. */
export function keyPrefix(token: string): string | undefined {
  const match = KEY_PATTERN.exec(token);
  return match ? `lsk_${match[1]}` : undefined;
}

/** Constant-time comparison of two secrets: both are hashed first, so lengths leak nothing. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [digestA, digestB] = await Promise.all([
    crypto.subtle.digest("SHA-256", new TextEncoder().encode(a)),
    crypto.subtle.digest("SHA-256", new TextEncoder().encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(digestA, digestB);
}

/** Constant-time comparison of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  return left.length === right.length && crypto.subtle.timingSafeEqual(left, right);
}
