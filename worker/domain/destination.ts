// Where a short link may send people. The shape rules (http or https only, in any case or
// encoding; no credentials in the URL; a length limit; no private, loopback or link-local hosts)
// hold everywhere and are part of the request schemas. The deployment's rules (its own hosts, the
// domain blocklist) are a policy read from configuration, checked when a link is written and again
// when it is followed, so a domain blocked later stops redirecting.
import { ORIGINAL_URL_MAX_LENGTH } from "../lib/limits.ts";
import { hostWithoutTrailingDots, isPrivateHost } from "../lib/private-address.ts";

const ALLOWED_PROTOCOLS = new Set(["http:", "https:"]);
// What a link stores and sends is the parser's serialisation of it, so the input must already say
// plainly what that serialisation will say: a scheme followed by "//", and no backslashes (which
// WHATWG parsers read as "/"). "http:a.example/../x" or "https:/x" would otherwise be checked as one
// host and resolved by browsers as a path on this service.
const EXPLICIT_AUTHORITY = /^https?:\/\/(?![/\\])/i;
// Control characters and spaces have no place in a Location header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f]/;

export type DestinationProblem =
  | "invalid"
  | "ambiguous"
  | "too_long"
  | "protocol"
  | "userinfo"
  | "private_address"
  | "own_host"
  | "blocked_domain";

// The seed answered "invalid url" to malformed, over-long and non-http(s) urls: kept for those.
export const PROBLEM_MESSAGES: Record<DestinationProblem, string> = {
  invalid: "invalid url",
  ambiguous: "invalid url: write it as http(s)://host/path, with no backslashes",
  too_long: "invalid url",
  protocol: "invalid url",
  userinfo: "invalid url: credentials in the URL are not allowed",
  private_address: "invalid url: private, loopback and link-local hosts are not allowed",
  own_host: "invalid url: links to this service itself are not allowed",
  blocked_domain: "destination not allowed: the domain is blocked",
};

/**
 * The host as compared against lists: lowercase, punycode for IDN names, no trailing dots (every one
 * of them: the parser keeps "evil.example..", which must still be "evil.example" to the blocklist).
 */
export function normalisedHost(url: URL): string {
  return hostWithoutTrailingDots(url.hostname);
}

export type DestinationCheck = { ok: true; href: string } | { ok: false; problem: DestinationProblem };

/**
 * Checks a destination's shape and gives the URL to store and send: the parser's serialisation,
 * so what was checked is exactly what browsers will follow.
 */
export function checkDestination(value: string, options: { allowPrivate?: boolean } = {}): DestinationCheck {
  const refuse = (problem: DestinationProblem): DestinationCheck => ({ ok: false, problem });
  if (value.length === 0) return refuse("invalid");
  if (value.length > ORIGINAL_URL_MAX_LENGTH) return refuse("too_long");
  if (UNSAFE_CHARACTERS.test(value)) return refuse("invalid");
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return refuse("invalid");
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return refuse("protocol");
  if (!EXPLICIT_AUTHORITY.test(value) || value.includes("\\")) return refuse("ambiguous");
  if (parsed.username || parsed.password) return refuse("userinfo");
  const host = normalisedHost(parsed);
  if (host.length === 0) return refuse("invalid");
  if (!options.allowPrivate && isPrivateHost(host)) return refuse("private_address");
  if (parsed.href.length > ORIGINAL_URL_MAX_LENGTH) return refuse("too_long");
  return { ok: true, href: parsed.href };
}

/** What is wrong with a destination's shape, or undefined when it may be stored. */
export function destinationShapeProblem(value: string): DestinationProblem | undefined {
  const check = checkDestination(value);
  return check.ok ? undefined : check.problem;
}

export function isValidDestination(value: string): boolean {
  return checkDestination(value).ok;
}

/**
 * A stored destination as a Location header may carry it: its serialisation (rows written before
 * destinations were stored serialised may differ), or null when it is no http(s) URL at all.
 */
export function serialisedDestination(stored: string): string | null {
  try {
    const parsed = new URL(stored);
    return ALLOWED_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

export interface DestinationPolicy {
  /** Hosts of this service: a link to them could loop or launder a redirect. */
  ownHosts: readonly string[];
  /** Blocked domains: each one and all of its subdomains. */
  blockedDomains: readonly string[];
  /** ALLOW_PRIVATE_DESTINATIONS (local testing only): loopback and private hosts are allowed. */
  allowPrivate?: boolean;
}

const withinDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * The policy's verdict on a destination that already has a valid shape: private hosts (unless the
 * policy allows them), this service's own hosts, blocked domains.
 */
export function policyProblem(value: string, policy: DestinationPolicy): DestinationProblem | undefined {
  const checksPrivate = policy.allowPrivate !== true;
  if (!checksPrivate && policy.ownHosts.length === 0 && policy.blockedDomains.length === 0) return undefined;
  let host: string;
  try {
    host = normalisedHost(new URL(value));
  } catch {
    return "invalid";
  }
  if (checksPrivate && isPrivateHost(host)) return "private_address";
  if (policy.ownHosts.some((own) => withinDomain(host, own))) return "own_host";
  if (policy.blockedDomains.some((domain) => withinDomain(host, domain))) return "blocked_domain";
  return undefined;
}

/**
 * A destination's shape and the deployment's policy together (private hosts are the policy's call):
 * the serialisation to store and send, or the first problem. What imports and destination checks use;
 * the API's schemas check the shape and its use cases the policy, in two steps.
 */
export function checkAllowedDestination(value: string, policy: DestinationPolicy): DestinationCheck {
  const shape = checkDestination(value, { allowPrivate: true });
  if (!shape.ok) return shape;
  const problem = policyProblem(shape.href, policy);
  return problem ? { ok: false, problem } : shape;
}

/** A comma-separated list of domains, each normalised the way URL hosts are (IDN → punycode). */
export function parseDomainList(raw: string): string[] {
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .flatMap((entry) => {
      try {
        return [normalisedHost(new URL(`http://${entry.replace(/^\*\./, "")}`))];
      } catch {
        return [];
      }
    });
}
