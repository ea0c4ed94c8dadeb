import { ORIGINAL_URL_MAX_LENGTH } from "../../db/schema/urls";

const ALLOWED_PROTOCOLS = new Set(["http:", "https:"]);
// Control characters and spaces have no place in a Location header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f]/;

/**
 * A destination we are willing to redirect to: an absolute http(s) URL with a host,
 * no whitespace or control characters, at most ORIGINAL_URL_MAX_LENGTH characters.
 * (Host and blocklist rules arrive with the security work; see docs/API.md.)
 */
export function isValidDestination(value: string): boolean {
  if (value.length === 0 || value.length > ORIGINAL_URL_MAX_LENGTH) return false;
  if (UNSAFE_CHARACTERS.test(value)) return false;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  return ALLOWED_PROTOCOLS.has(parsed.protocol) && parsed.hostname.length > 0;
}
