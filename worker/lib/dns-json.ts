// One question to a DNS-over-HTTPS resolver's JSON API (`?name=&type=`, `Accept: application/dns-json`:
// Cloudflare's, Google's, or the local one the scripts start). Workers have no DNS API, so every name the
// service looks up itself (the addresses behind a destination, a custom domain's TXT record) is asked here.

/** How long one lookup may take. */
export const RESOLVE_TIMEOUT_MS = 3_000;

export interface ResolverOptions {
  /** The DoH endpoint (DNS_RESOLVER_URL), asked `?name=<name>&type=<type>`. */
  url: string;
  fetcher?: typeof fetch;
  timeoutMs?: number;
}

export interface DnsJsonRecord {
  type?: number;
  data?: string;
}

interface DnsJsonAnswer {
  Status: number;
  Answer?: DnsJsonRecord[];
}

/** DNS response codes the JSON API carries in Status. */
const NOERROR = 0;
const NXDOMAIN = 3;
const RCODE_NAMES: Record<number, string> = { 1: "FORMERR", 2: "SERVFAIL", 4: "NOTIMP", 5: "REFUSED" };

/** The resolver could not be asked (`rcode` null) or answered that it could not resolve the name. */
export class ResolverFailure extends Error {
  constructor(
    readonly rcode: number | null,
    message: string,
  ) {
    super(message);
    this.name = "ResolverFailure";
  }
}

/** The name of a DNS response code, as resolvers and dig print it. */
export const rcodeName = (rcode: number) => RCODE_NAMES[rcode] ?? `status ${rcode}`;

/** The answer's records (a name that does not exist has none); a ResolverFailure when there is no answer. */
export async function askDnsJson(
  name: string,
  type: "A" | "AAAA" | "TXT",
  options: ResolverOptions,
  signal: AbortSignal,
): Promise<DnsJsonRecord[]> {
  let answer: DnsJsonAnswer;
  try {
    const url = new URL(options.url);
    url.searchParams.set("name", name);
    url.searchParams.set("type", type);
    const response = await (options.fetcher ?? fetch)(url.href, {
      headers: { Accept: "application/dns-json" },
      signal,
    });
    if (!response.ok) throw new Error(`resolver answered ${response.status}`);
    const body = (await response.json()) as DnsJsonAnswer | null;
    if (typeof body?.Status !== "number") throw new Error("resolver answered no DNS status");
    answer = body;
  } catch (error) {
    throw new ResolverFailure(null, error instanceof Error ? error.message : String(error));
  }
  // NXDOMAIN (no such name) is an answer: no records. Anything else but NOERROR is a failed lookup.
  if (answer.Status === NXDOMAIN) return [];
  if (answer.Status !== NOERROR) {
    throw new ResolverFailure(answer.Status, `resolver answered ${rcodeName(answer.Status)}`);
  }
  return Array.isArray(answer.Answer) ? answer.Answer : [];
}
