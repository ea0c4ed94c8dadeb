// Where a host name really points, for the requests the service makes itself (health checks, webhook
// deliveries) where the runtime can reach a private network: Workers have no DNS API, so the name is
// asked of a DNS-over-HTTPS resolver (the JSON API, `application/dns-json`: Cloudflare's, Google's, or
// a local one) and refused when any of its A or AAAA answers is private. Cloudflare's own network
// never routes a subrequest to a private address, so production needs none of this (docs/SECURITY.md).
import { askDnsJson, RESOLVE_TIMEOUT_MS, type ResolverOptions } from "./dns-json.ts";
import { hostWithoutTrailingDots, ipv4Octets, isPrivateHost } from "./private-address.ts";

export { RESOLVE_TIMEOUT_MS, type ResolverOptions } from "./dns-json.ts";

/** ok: every address the name has is public (or the host is an address, which the shape rules judge). */
export type ResolvedHost = { ok: true; addresses: string[] } | { ok: false; problem: "private_address" | "unresolved" };

const A = 1;
const AAAA = 28;

async function lookup(host: string, type: "A" | "AAAA", options: ResolverOptions, signal: AbortSignal) {
  const records = await askDnsJson(host, type, options, signal);
  return records.flatMap((record) =>
    (record.type === A || record.type === AAAA) && typeof record.data === "string" ? [record.data] : [],
  );
}

/** Resolves a URL's host and judges every address it has; a failed lookup is `unresolved`. */
export async function resolveHost(destination: string, options: ResolverOptions): Promise<ResolvedHost> {
  let host: string;
  try {
    host = hostWithoutTrailingDots(new URL(destination).hostname);
  } catch {
    return { ok: false, problem: "unresolved" };
  }
  if (host.startsWith("[") || ipv4Octets(host)) return { ok: true, addresses: [host] };
  let addresses: string[];
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? RESOLVE_TIMEOUT_MS);
    const [v4, v6] = await Promise.all([lookup(host, "A", options, signal), lookup(host, "AAAA", options, signal)]);
    addresses = [...v4, ...v6];
  } catch {
    return { ok: false, problem: "unresolved" };
  }
  if (addresses.length === 0) return { ok: false, problem: "unresolved" };
  const isPrivate = (address: string) => isPrivateHost(address.includes(":") ? `[${address}]` : address);
  // One private answer is enough: the runtime's own lookup may pick any of them.
  if (addresses.some(isPrivate)) return { ok: false, problem: "private_address" };
  return { ok: true, addresses };
}
