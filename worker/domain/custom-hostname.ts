// A custom domain's hostname, as a workspace claims it: lower case, IDN names in punycode, no port, no
// path, no IP address, a name under a public suffix (never the suffix itself: "co.uk" is everyone's).
// The service's own hosts are refused by the caller, which knows them.
import { parse } from "tldts";
import { ipv4Octets, ipv6Groups } from "../lib/private-address";

/** RFC 1035: a name is at most 253 characters, a label 1 to 63 letters, digits or hyphens. */
const MAX_HOSTNAME_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export type HostnameCheck = { ok: true; hostname: string } | { ok: false; problem: string };

const refused = (problem: string): HostnameCheck => ({ ok: false, problem: `hostname ${problem}` });

/** The hostname to store, or why it cannot be a custom domain (a message that names the field). */
export function checkCustomHostname(input: string): HostnameCheck {
  const text = input.trim();
  if (text.length === 0) return refused("is required");
  if (/[/?#@\\\s]/.test(text) || text.includes("://"))
    return refused("must be a bare hostname (no scheme, path or spaces)");
  if (/:\d*$/.test(text) && !text.includes("[")) return refused("must not have a port");
  let hostname: string;
  try {
    hostname = new URL(`http://${text}/`).hostname.replace(/\.$/, "");
  } catch {
    return refused("is not a valid hostname");
  }
  if (hostname.startsWith("[") || ipv6Groups(hostname) || ipv4Octets(hostname)) {
    return refused("must be a name, not an IP address");
  }
  if (hostname.length > MAX_HOSTNAME_LENGTH) return refused(`must be at most ${MAX_HOSTNAME_LENGTH} characters`);
  const labels = hostname.split(".");
  if (labels.length < 2) return refused("must have at least two labels (links.example.com)");
  if (!labels.every((label) => LABEL.test(label))) {
    return refused("must be letters, digits and hyphens in labels of 1 to 63 characters");
  }
  const parsed = parse(hostname, { allowPrivateDomains: true });
  if (parsed.isIp) return refused("must be a name, not an IP address");
  // A name that is itself a public suffix (co.uk, github.io) belongs to no one workspace.
  if (parsed.domain === null || parsed.publicSuffix === hostname) return refused("must not be a public suffix");
  return { ok: true, hostname };
}
