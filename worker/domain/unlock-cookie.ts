// The cookie a right password earns: valid for one link (its path), 12 hours, and one version of
// its password (changing or removing the password revokes every cookie at once). Its value is the
// version, the expiry and an HMAC-SHA-256 of link id, version and expiry under the deployment's
// LINK_PASSWORD_SECRET: never the password, nothing a client can forge or move to another link.

import { fromBase64Url, toBase64Url } from "../lib/base64.ts";
import { cookieValues, setCookie } from "../lib/cookies.ts";

export const UNLOCK_COOKIE = "ls_unlock";
export const UNLOCK_TTL_SECONDS = 12 * 60 * 60;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

const signed = (linkId: number, version: number, expires: number) =>
  encoder.encode(`unlock:${linkId}:${version}:${expires}`);

/** The Set-Cookie header for link `linkId` (short code `code`) at password version `version`. */
export async function unlockCookie(
  secret: string,
  link: { id: number; code: string; version: number },
  secure: boolean,
  now = Date.now(),
): Promise<string> {
  const expires = Math.floor(now / 1000) + UNLOCK_TTL_SECONDS;
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", await keyOf(secret), signed(link.id, link.version, expires)),
  );
  const value = `${link.version}.${expires}.${toBase64Url(mac)}`;
  const path = `/${encodeURIComponent(link.code)}`;
  return setCookie(UNLOCK_COOKIE, value, { path, maxAgeSeconds: UNLOCK_TTL_SECONDS, secure });
}

/** Whether the request carries a cookie that unlocks this link at this password version. */
export async function hasUnlockCookie(
  request: Request,
  secret: string,
  link: { id: number; version: number },
  now = Date.now(),
): Promise<boolean> {
  for (const value of cookieValues(request.headers.get("Cookie"), UNLOCK_COOKIE)) {
    const [versionText, expiresText, macText, extra] = value.split(".");
    if (extra !== undefined || macText === undefined) continue;
    const version = Number(versionText);
    const expires = Number(expiresText);
    if (version !== link.version || !Number.isInteger(expires) || expires * 1000 <= now) continue;
    const mac = fromBase64Url(macText);
    // crypto.subtle.verify compares in constant time.
    if (mac && (await crypto.subtle.verify("HMAC", await keyOf(secret), mac, signed(link.id, version, expires)))) {
      return true;
    }
  }
  return false;
}
