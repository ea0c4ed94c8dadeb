// Where a short link may send people. The shape rules (http or https only, in any case or
// encoding; no credentials in the URL; a length limit; no private, loopback or link-local hosts)
// hold everywhere and are part of the request schemas. The deployment's rules (its own hosts, the
// domain blocklist) are a policy read from configuration, checked when a link is written and again
// when it is followed, so a domain blocked later stops redirecting.
import { ORIGINAL_URL_MAX_LENGTH } from "../../db/schema/urls";
import { isPrivateHost } from "./private-address";

const ALLOWED_PROTOCOLS = new Set(["http:", "https:"]);
// Control characters and spaces have no place in a Location header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f]/;

export type DestinationProblem =
  | "invalid"
  | "too_long"
  | "protocol"
  | "userinfo"
  | "private_address"
  | "own_host"
  | "blocked_domain";

// The seed answered "invalid url" to malformed, over-long and non-http(s) urls: kept for those.
export const PROBLEM_MESSAGES: Record<DestinationProblem, string> = {
  invalid: "invalid url",
  too_long: "invalid url",
  protocol: "invalid url",
  userinfo: "invalid url: credentials in the URL are not allowed",
  private_address: "invalid url: private, loopback and link-local hosts are not allowed",
  own_host: "invalid url: links to this service itself are not allowed",
  blocked_domain: "destination not allowed: the domain is blocked",
};

/** The host as compared against lists: lowercase, punycode for IDN names, no trailing dot. */
export function normalisedHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.$/, "");
}

/** What is wrong with a destination's shape, or undefined when it may be stored. */
export function destinationShapeProblem(value: string): DestinationProblem | undefined {
  if (value.length === 0) return "invalid";
  if (value.length > ORIGINAL_URL_MAX_LENGTH) return "too_long";
  if (UNSAFE_CHARACTERS.test(value)) return "invalid";
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return "invalid";
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return "protocol";
  if (parsed.username || parsed.password) return "userinfo";
  const host = normalisedHost(parsed);
  if (host.length === 0) return "invalid";
  if (isPrivateHost(host)) return "private_address";
  return undefined;
}

export function isValidDestination(value: string): boolean {
  return destinationShapeProblem(value) === undefined;
}

export interface DestinationPolicy {
  /** Hosts of this service: a link to them could loop or launder a redirect. */
  ownHosts: readonly string[];
  /** Blocked domains: each one and all of its subdomains. */
  blockedDomains: readonly string[];
}

const withinDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The policy's verdict on a destination that already has a valid shape. */
export function policyProblem(value: string, policy: DestinationPolicy): DestinationProblem | undefined {
  if (policy.ownHosts.length === 0 && policy.blockedDomains.length === 0) return undefined;
  let host: string;
  try {
    host = normalisedHost(new URL(value));
  } catch {
    return "invalid";
  }
  if (policy.ownHosts.some((own) => withinDomain(host, own))) return "own_host";
  if (policy.blockedDomains.some((domain) => withinDomain(host, domain))) return "blocked_domain";
  return undefined;
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
