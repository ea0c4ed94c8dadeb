// Where a host name really points, for the requests the service makes itself (health checks, webhook
// deliveries) where the runtime can reach a private network: Workers have no DNS API, so the name is
// asked of a DNS-over-HTTPS resolver (the JSON API, `application/dns-json`: Cloudflare's, Google's, or
// a local one) and refused when any of its A or AAAA answers is private. Cloudflare's own network
// never routes a subrequest to a private address, so production needs none of this (docs/SECURITY.md).
import { hostWithoutTrailingDots, ipv4Octets, isPrivateHost } from "./private-address.ts";

/** How long one lookup may take (both record types together). */
export const RESOLVE_TIMEOUT_MS = 3_000;

export interface ResolverOptions {
  /** The DoH endpoint (DNS_RESOLVER_URL), asked `?name=<host>&type=A` and `type=AAAA`. */
  url: string;
  fetcher?: typeof fetch;
  timeoutMs?: number;
}

/** ok: every address the name has is public (or the host is an address, which the shape rules judge). */
export type ResolvedHost = { ok: true; addresses: string[] } | { ok: false; problem: "private_address" | "unresolved" };

const A = 1;
const AAAA = 28;

interface DnsJsonAnswer {
  Status?: number;
  Answer?: { type?: number; data?: string }[];
}

async function lookup(host: string, type: "A" | "AAAA", options: ResolverOptions, signal: AbortSignal) {
  const url = new URL(options.url);
  url.searchParams.set("name", host);
  url.searchParams.set("type", type);
  const response = await (options.fetcher ?? fetch)(url.href, {
    headers: { Accept: "application/dns-json" },
    signal,
  });
  if (!response.ok) throw new Error(`resolver answered ${response.status}`);
  const answer = (await response.json()) as DnsJsonAnswer;
  // 0 NOERROR, 3 NXDOMAIN (no such name: no addresses); anything else is a failed lookup.
  if (answer.Status !== 0 && answer.Status !== 3) throw new Error(`resolver status ${answer.Status}`);
  return (answer.Answer ?? []).flatMap((record) =>
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
