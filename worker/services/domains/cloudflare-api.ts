// The four calls of Cloudflare's custom hostnames API this service makes (create, get, find by name,
// delete), over fetch, with the official client's types. The official client itself is not loaded:
// its module graph makes vitest-pool-workers fail every test file started after one that loads it (a
// WebSocket message over 1 MiB), and loaded lazily it adds 320 KB to the bundle (ADR 21).
import type {
  CustomHostnameCreateResponse,
  CustomHostnameGetResponse,
} from "cloudflare/resources/custom-hostnames/custom-hostnames";

const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";
const REQUEST_TIMEOUT_MS = 10_000;

export type CustomHostname = CustomHostnameGetResponse | CustomHostnameCreateResponse;

/** A refusal in Cloudflare's envelope: the HTTP status and its error codes and messages. */
export class CloudflareApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: { code?: number; message?: string }[],
  ) {
    super(errors[0]?.message ?? `Cloudflare answered ${status}`);
  }

  has(code: number): boolean {
    return this.errors.some((error) => error.code === code);
  }
}

interface Envelope<T> {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: T;
}

export function customHostnamesApi(options: { zoneId: string; token: string; baseUrl?: string | undefined }) {
  const base = `${options.baseUrl || CLOUDFLARE_API}/zones/${encodeURIComponent(options.zoneId)}/custom_hostnames`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${options.token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const envelope = (await response.json().catch(() => ({}))) as Envelope<T>;
    if (!response.ok || envelope.success === false)
      throw new CloudflareApiError(response.status, envelope.errors ?? []);
    return envelope.result as T;
  }

  return {
    /** Takes the hostname on, validated over HTTP once its CNAME points at the zone. */
    create: (hostname: string) => call<CustomHostname>("POST", "", { hostname, ssl: { method: "http", type: "dv" } }),
    get: (id: string) => call<CustomHostname>("GET", `/${encodeURIComponent(id)}`),
    /** The zone's custom hostname with exactly this name, if it holds one. */
    find: async (hostname: string) =>
      (await call<CustomHostname[]>("GET", `?hostname.exact=${encodeURIComponent(hostname)}`)).find(
        (one) => one.hostname === hostname,
      ),
    delete: (id: string) => call<unknown>("DELETE", `/${encodeURIComponent(id)}`),
  };
}
