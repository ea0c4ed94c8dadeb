// The part of a host name its owner registered, by the Public Suffix List (tldts): a.b.example.co.uk
// is example.co.uk. Hosts that have none (an IP address, localhost) are their own.
import { getDomain } from "tldts";

export function registrableDomain(host: string): string {
  return getDomain(host, { allowPrivateDomains: false }) ?? host;
}

/** The registrable domain of a URL's host, or null when it is not a URL. */
export function registrableDomainOf(url: string): string | null {
  try {
    return registrableDomain(new URL(url).hostname.toLowerCase());
  } catch {
    return null;
  }
}
