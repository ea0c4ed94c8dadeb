// The secrets of signing in: a sign-in link's token and a session's cookie value are 256 random bits
// (base64url); the database keeps only their SHA-256. A session's CSRF token is derived from its secret,
// so it needs no storage and cannot be known without the cookie.
import { toBase64Url } from "../../lib/base64";
import { sha256Hex } from "../../lib/hex-digest";

/** 43 base64url characters: what a well-formed token or session secret looks like. */
export const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export const secretHash = (secret: string) => sha256Hex(secret);

export const csrfTokenOf = (sessionSecret: string) => sha256Hex(`csrf:${sessionSecret}`);

/** The session cookie's name: `__Host-` over https (Secure, host-only, path /), plain over http (development). */
export const sessionCookieName = (https: boolean) => (https ? "__Host-ls_session" : "ls_session");
