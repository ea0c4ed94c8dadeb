// One attempt to deliver one signed body: a POST that must answer 2xx within the time limit. Redirects
// are not followed (a 3xx is a failure: a receiver that moved says so by its owner's PATCH, not by a
// Location that could point anywhere), and the destination rules are checked on every attempt, since
// a domain may be blocked after the endpoint was made; with a resolver (DNS_RESOLVER_URL) the name's
// addresses too, since a public-looking name may point at a private one.
import { checkAllowedDestination, type DestinationPolicy } from "../../domain/destination";
import type { DeliveryError } from "../../domain/webhook-words";
import { type ResolverOptions, resolveHost } from "../../lib/resolved-address";
import { retryAfterMs } from "./endpoint-health";

export const DELIVERY_TIMEOUT_MS = 15_000;
export const WEBHOOK_USER_AGENT = "Linkscope-Webhooks/1.0";
/**
 * The payloads' schema version: within it fields are only ever added; a change that removes or
 * reshapes one would come as a new version (and new event type names), never silently.
 */
export const PAYLOAD_VERSION = "1";

type AttemptError = Extract<
  DeliveryError,
  "timeout" | "connection" | "http_status" | "redirect" | "refused_destination"
>;

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  error: DeliveryError | null;
  /** The receiver's Retry-After on 429 and 503, in ms. */
  retryAfterMs: number | null;
  /** 410 Gone: the receiver says this endpoint is no more. */
  gone: boolean;
}

export interface AttemptOptions {
  policy: DestinationPolicy;
  timeoutMs?: number;
  fetcher?: typeof fetch;
  /** Asked for the receiver's addresses before each attempt (null: none; config.outboundResolver). */
  resolver?: ResolverOptions | null | undefined;
}

const isTimeout = (error: unknown) =>
  error instanceof Error &&
  (error.name === "TimeoutError" || error.name === "AbortError" || /timed? ?out/i.test(error.message));

export async function attemptDelivery(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: AttemptOptions,
): Promise<AttemptOutcome> {
  const startedAt = Date.now();
  const failed = (error: AttemptError, status: number | null = null, retryAfter: number | null = null) => ({
    ok: false,
    status,
    latencyMs: Date.now() - startedAt,
    error,
    retryAfterMs: retryAfter,
    gone: status === 410,
  });
  if (!checkAllowedDestination(url, options.policy).ok) return failed("refused_destination");
  if (options.resolver) {
    const resolved = await resolveHost(url, options.resolver);
    if (!resolved.ok) return failed(resolved.problem === "private_address" ? "refused_destination" : "connection");
  }
  let response: Response;
  try {
    response = await (options.fetcher ?? fetch)(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? DELIVERY_TIMEOUT_MS),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": WEBHOOK_USER_AGENT,
        "Linkscope-Webhook-Version": PAYLOAD_VERSION,
        ...headers,
      },
      body,
    });
  } catch (error) {
    return failed(isTimeout(error) ? "timeout" : "connection");
  }
  // The answer's body is never read: only its status matters.
  await response.body?.cancel().catch(() => undefined);
  const { status } = response;
  if (status >= 200 && status < 300) {
    return { ok: true, status, latencyMs: Date.now() - startedAt, error: null, retryAfterMs: null, gone: false };
  }
  if (status >= 300 && status < 400) return failed("redirect", status);
  const retryAfter =
    status === 429 || status === 503 ? retryAfterMs(response.headers.get("Retry-After"), Date.now()) : null;
  return failed("http_status", status, retryAfter);
}
