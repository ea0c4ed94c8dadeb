// One check of a link's destination: a GET of its first byte (Range: bytes=0-0), redirects followed
// by hand so every hop passes the destination rules (no private address unless allowed, not this
// service, no blocked domain), at most MAX_HOPS of them, within one time limit for the whole chain.
// With a resolver (DNS_RESOLVER_URL), every hop's name is resolved first and refused when it points at
// a private address: a name is not an address.
import { checkAllowedDestination, type DestinationPolicy } from "../../domain/destination";
import type { ProbeError } from "../../domain/health-states";
import { type ResolverOptions, resolveHost } from "../../lib/resolved-address";

export const MAX_HOPS = 10;

export type { ProbeError };

export interface ProbeResult {
  /** ok: the destination answered; blocked: it refused us (401, 403, 429, a bot challenge): inconclusive. */
  outcome: "ok" | "failure" | "blocked";
  /** The last HTTP status seen, or null when nothing answered. */
  status: number | null;
  /** The last URL requested (the destination after its redirects). */
  finalUrl: string;
  hops: number;
  latencyMs: number;
  error: ProbeError | null;
  /** Retry-After of a 429 or 503, in seconds. */
  retryAfterSeconds: number | null;
}

export interface ProbeOptions {
  policy: DestinationPolicy;
  timeoutMs: number;
  userAgent: string;
  fetcher?: typeof fetch;
  /** Asked for every hop's addresses before it is requested (null: none; config.outboundResolver). */
  resolver?: ResolverOptions | null | undefined;
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);
const BLOCKING_STATUSES = new Set([401, 403, 429]);

/** A bot challenge (Cloudflare's, or a 503 from a challenge page) says nothing of the page itself. */
function isChallenge(response: Response): boolean {
  return response.headers.get("cf-mitigated") === "challenge";
}

function retryAfterOf(response: Response): number | null {
  const value = response.headers.get("Retry-After");
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function errorClass(error: unknown): ProbeError {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  if (name === "TimeoutError" || name === "AbortError" || /timed? ?out|aborted/i.test(message)) return "timeout";
  if (/dns|name not resolved|getaddrinfo|ENOTFOUND|could not resolve/i.test(message)) return "dns";
  if (/tls|ssl|certificate|handshake/i.test(message)) return "tls";
  return "connection";
}

export async function probeDestination(destination: string, options: ProbeOptions): Promise<ProbeResult> {
  const fetcher = options.fetcher ?? fetch;
  const startedAt = Date.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  const seen = new Set<string>();
  let current = destination;
  let status: number | null = null;
  const result = (
    outcome: ProbeResult["outcome"],
    hops: number,
    error: ProbeError | null,
    retryAfter: number | null = null,
  ) => ({
    outcome,
    status,
    finalUrl: current,
    hops,
    latencyMs: Date.now() - startedAt,
    error,
    retryAfterSeconds: retryAfter,
  });
  for (let hops = 0; ; hops++) {
    if (!checkAllowedDestination(current, options.policy).ok) return result("failure", hops, "refused_destination");
    if (options.resolver) {
      const resolved = await resolveHost(current, options.resolver);
      if (!resolved.ok) {
        return result("failure", hops, resolved.problem === "private_address" ? "refused_destination" : "dns");
      }
    }
    seen.add(current);
    let response: Response;
    try {
      response = await fetcher(current, {
        method: "GET",
        redirect: "manual",
        signal,
        headers: { Range: "bytes=0-0", "User-Agent": options.userAgent, Accept: "*/*" },
      });
    } catch (error) {
      return result("failure", hops, errorClass(error));
    }
    status = response.status;
    // Only the status and headers matter: the body is never read.
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("Location");
    if (isRedirect(status) && location) {
      let next: string;
      try {
        next = new URL(location, current).href;
      } catch {
        return result("failure", hops, "http_status");
      }
      if (seen.has(next)) {
        current = next;
        return result("failure", hops + 1, "redirect_loop");
      }
      if (hops + 1 > MAX_HOPS) return result("failure", hops, "too_many_redirects");
      current = next;
      continue;
    }
    if (BLOCKING_STATUSES.has(status) || isChallenge(response)) {
      return result("blocked", hops, null, retryAfterOf(response));
    }
    // 416: the server has the resource but not that byte range (an empty file): it is there.
    if ((status >= 200 && status < 300) || status === 416) return result("ok", hops, null);
    return result("failure", hops, "http_status", status === 503 ? retryAfterOf(response) : null);
  }
}
