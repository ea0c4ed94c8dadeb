// The password an API client gives for a protected link: `X-Link-Password: <password>`, or HTTP
// Basic with an empty user. Both are UTF-8 (headers arrive as byte strings). There is no
// ?password= parameter: it would end up in logs, browser history and Referer headers.

export const PASSWORD_HEADER = "X-Link-Password";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * A header value as the client meant it. Runtimes differ: one hands over the raw bytes one char per
 * byte (Fetch's byte strings), another decodes UTF-8 already. Bytes that form valid UTF-8 are
 * decoded; anything else (already decoded, or not UTF-8) is taken as it is.
 */
function fromByteString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any char above 0xFF means already decoded
  if (/[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return utf8.decode(Uint8Array.from(value, (char) => char.charCodeAt(0)));
  } catch {
    return value;
  }
}

/** The password given, "" for a malformed credential (a wrong password), undefined for none. */
export function givenPassword(headers: Headers): string | undefined {
  const header = headers.get(PASSWORD_HEADER);
  if (header !== null) return fromByteString(header);
  const authorization = headers.get("Authorization");
  if (authorization === null || !/^basic /i.test(authorization)) return undefined;
  let decoded: string;
  try {
    decoded = atob(authorization.slice(6).trim());
  } catch {
    return "";
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return "";
  return fromByteString(decoded.slice(colon + 1));
}
