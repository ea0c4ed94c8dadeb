// Issue 27, 5.: a name is not an address. Where the runtime can reach a private network (wrangler dev,
// the compose stack), DNS_RESOLVER_URL makes health checks and webhook deliveries resolve a name first
// and refuse it when it points at a private or loopback address. The destination server plays the
// resolver (nip.io and sslip.io names: `127.0.0.1.nip.io` is 127.0.0.1), since there is no internet here.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import type { DestinationPolicy } from "../../worker/domain/destination";
import { resolveHost } from "../../worker/lib/resolved-address";
import { probeDestination } from "../../worker/services/link-health/probe-destination";
import { deliverOnce } from "../../worker/services/webhooks/deliver-once";
import { callApi, openTestDatabase, TEST_DESTINATIONS_URL as SERVER, unique } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

const RESOLVER = { url: `${SERVER}/dns-query` };
const RESOLVING = { DNS_RESOLVER_URL: RESOLVER.url };
const PORT = new URL(SERVER).port;
const STRICT: DestinationPolicy = { ownHosts: [], blockedDomains: [] };
const USER_AGENT = "LinkscopeHealthCheck/1.0 (+http://linkscope.test/health-checks)";

async function requestsTo(prefix: string) {
  const response = await fetch(`${SERVER}/__requests?prefix=${encodeURIComponent(prefix)}`);
  return (await response.json()) as { path: string }[];
}

/** A fetch that answers from a script and keeps every URL it was asked for. */
function recordingFetcher(answer: (url: string) => Response = () => new Response(null, { status: 204 })) {
  const asked: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    asked.push(url);
    return answer(url);
  }) as typeof fetch;
  return { asked, fetcher };
}

describe("resolving names before the service requests them", () => {
  it("the resolver: private answers refuse, public ones pass, addresses are the shape rules' business", async () => {
    expect(await resolveHost("http://127.0.0.1.nip.io/", RESOLVER)).toEqual({ ok: false, problem: "private_address" });
    expect(await resolveHost("http://app-10-0-0-1.nip.io../", RESOLVER)).toEqual({
      ok: false,
      problem: "private_address",
    });
    expect(await resolveHost("https://--1.sslip.io/", RESOLVER)).toEqual({ ok: false, problem: "private_address" });
    expect(await resolveHost("https://93.184.215.14.nip.io/", RESOLVER)).toEqual({
      ok: true,
      addresses: ["93.184.215.14"],
    });
    expect(await resolveHost("https://no-such-name.example/", RESOLVER)).toEqual({ ok: false, problem: "unresolved" });
    // A resolver that cannot be asked refuses, never lets the name through.
    expect(await resolveHost("https://93.184.215.14.nip.io/", { url: "http://127.0.0.1:9/nothing-here" })).toEqual({
      ok: false,
      problem: "unresolved",
    });
    expect(await resolveHost("https://8.8.8.8/", RESOLVER)).toEqual({ ok: true, addresses: ["8.8.8.8"] });
  });

  it("a health check of a name that resolves to loopback is refused before any request, on every hop", async () => {
    const direct = recordingFetcher();
    const refused = await probeDestination(`http://127.0.0.1.nip.io:${PORT}/x/ok`, {
      policy: STRICT,
      timeoutMs: 5_000,
      userAgent: USER_AGENT,
      fetcher: direct.fetcher,
      resolver: RESOLVER,
    });
    expect(refused).toMatchObject({ outcome: "failure", error: "refused_destination", hops: 0, status: null });
    expect(direct.asked).toEqual([]);

    // A public name is requested; its redirect to a name of a private address is not followed.
    const hop = recordingFetcher(
      () => new Response(null, { status: 302, headers: { Location: "http://metadata-169-254-169-254.nip.io/latest" } }),
    );
    const redirected = await probeDestination("https://93.184.215.14.nip.io/start", {
      policy: STRICT,
      timeoutMs: 5_000,
      userAgent: USER_AGENT,
      fetcher: hop.fetcher,
      resolver: RESOLVER,
    });
    expect(redirected).toMatchObject({ outcome: "failure", error: "refused_destination", hops: 1, status: 302 });
    expect(hop.asked).toEqual(["https://93.184.215.14.nip.io/start"]);

    // A name the resolver does not know is a DNS failure, not a request.
    const unknown = recordingFetcher();
    const missing = await probeDestination("https://no-such-name.example/", {
      policy: STRICT,
      timeoutMs: 5_000,
      userAgent: USER_AGENT,
      fetcher: unknown.fetcher,
      resolver: RESOLVER,
    });
    expect(missing).toMatchObject({ outcome: "failure", error: "dns" });
    expect(unknown.asked).toEqual([]);
  });

  it("POST /urls/{id}/health/check of such a name: refused as private, the local server never asked", async () => {
    const prefix = `/${unique("dns")}`;
    const created = await callApi("POST", "/urls", {
      body: { original_url: `http://127.0.0.1.nip.io:${PORT}${prefix}/ok` },
      overrides: RESOLVING,
    });
    // The link itself is fine: a browser following it resolves it on its own network, not ours.
    expect(created.status).toBe(201);
    const checked = await callApi("POST", `/urls/${created.body.id}/health/check`, { overrides: RESOLVING });
    expect(checked.status).toBe(200);
    expect(checked.body.health).toMatchObject({ state: "suspect", error: "refused_destination", status: null });
    expect(await requestsTo(prefix)).toEqual([]);
    const asked = await requestsTo("/dns-query");
    expect(asked.some((request) => request.path.includes("name=127.0.0.1.nip.io"))).toBe(true);
  });

  it("a webhook endpoint whose name resolves to a private address gets no delivery", async () => {
    const user = await callApi("POST", "/users", {
      body: { username: unique("dns"), email: `${unique("dns")}@example.test` },
    });
    const created = await callApi("POST", "/webhooks", {
      body: { url: `https://10.0.0.1.nip.io/${unique("hook")}`, events: ["link.created"], user_id: user.body.id },
      overrides: RESOLVING,
    });
    expect(created.status).toBe(201);
    const inserted = await database.db.execute<{ id: string }>(
      `INSERT INTO webhook_deliveries (webhook_id, event_type, body, leased_until)
       VALUES (${created.body.id}, 'link.created', '{"type":"link.created","data":{}}', now() + interval '1 hour')
       RETURNING id`,
    );
    const deliveryId = inserted.rows[0]?.id as string;
    const receiver = recordingFetcher();
    const result = await deliverOnce(
      {
        db: database.db,
        config: readConfig({ ...env, ...RESOLVING } as Env),
        fetcher: receiver.fetcher,
        retries: false,
      },
      deliveryId,
    );
    expect(result?.attempt).toMatchObject({ status: null, error: "refused_destination" });
    expect(receiver.asked).toEqual([]);
  });
});
