// Short codes: 6 characters from [A-Za-z0-9] (the seed's shape), drawn from the Web Crypto
// CSPRNG with rejection sampling so every character is equally likely.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const GENERATED_SHORT_CODE_LENGTH = 6;
// 62 * 4 = 248: bytes at or above it would bias the first 8 characters, so they are redrawn.
const UNBIASED_BYTE_LIMIT = 248;

export function generateShortCode(length = GENERATED_SHORT_CODE_LENGTH): string {
  let code = "";
  while (code.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      code += ALPHABET[byte % ALPHABET.length];
      if (code.length === length) break;
    }
  }
  return code;
}

/** Codes a client may choose: letters, digits, '-' and '_', 3 to 64 characters. */
export const CUSTOM_SHORT_CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

/** Any code we could ever have stored; other paths are answered 404 without a database call. */
export const STORED_SHORT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a path segment can name a link: a code we could have stored, and not one of our own paths. */
export function isLinkCode(code: string): boolean {
  return STORED_SHORT_CODE_PATTERN.test(code) && !RESERVED_SHORT_CODES.has(code.toLowerCase());
}

/** Single-segment paths the service owns (now or in later releases); never usable as codes. */
export const RESERVED_SHORT_CODES = new Set([
  "health",
  "metrics",
  "prometheus",
  "logs",
  "dashboard",
  "alert-status",
  "users",
  "urls",
  "events",
  "shorten",
  "webhooks",
  "tags",
  "workspaces",
  // Reserved ahead of the releases that serve them: sign-in, the web app, custom domains, invitations.
  "auth",
  "me",
  "app",
  "domains",
  "invitations",
  "openapi.json",
  "docs",
  "api",
  "admin",
  "favicon.ico",
  "robots.txt",
]);
