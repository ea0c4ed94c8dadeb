// One destination check against a local server that answers every way a page can (scripts/lib/
// destination-server.ts): what the probe concludes, what it sends, and where it stops.
import { describe, expect, it } from "vitest";
import type { DestinationPolicy } from "../../worker/domain/destination";
import { MAX_HOPS, probeDestination } from "../../worker/services/link-health/probe-destination";
import { TEST_DESTINATIONS_URL as SERVER, unique } from "../harness";

const OTHER_DOMAIN = SERVER.replace("127.0.0.1", "localhost");
const LOCAL: DestinationPolicy = { ownHosts: [], blockedDomains: [], allowPrivate: true };
const USER_AGENT = "LinkscopeHealthCheck/1.0 (+http://linkscope.test/health-checks)";

const probe = (path: string, policy = LOCAL, timeoutMs = 5_000) =>
  probeDestination(`${SERVER}${path}`, { policy, timeoutMs, userAgent: USER_AGENT });

async function requestsTo(prefix: string) {
  const response = await fetch(`${SERVER}/__requests?prefix=${encodeURIComponent(prefix)}`);
  return (await response.json()) as { path: string; method: string; userAgent: string; range: string }[];
}

describe("probeDestination", () => {
  it("a page that answers: ok, one GET of its first byte, naming the service", async () => {
    const prefix = `/${unique("p")}`;
    const result = await probe(`${prefix}/ok`);
    expect(result).toMatchObject({
      outcome: "ok",
      status: 206,
      hops: 0,
      error: null,
      finalUrl: `${SERVER}${prefix}/ok`,
    });
    expect(await requestsTo(prefix)).toEqual([
      expect.objectContaining({ method: "GET", userAgent: USER_AGENT, range: "bytes=0-0" }),
    ]);
  });

  it("follows redirects by hand, up to the limit", async () => {
    const prefix = `/${unique("p")}`;
    expect(await probe(`${prefix}/hop?n=3`)).toMatchObject({
      outcome: "ok",
      hops: 3,
      finalUrl: `${SERVER}${prefix}/ok`,
    });
    expect(await probe(`${prefix}/hop?n=${MAX_HOPS + 2}`)).toMatchObject({
      outcome: "failure",
      error: "too_many_redirects",
    });
    expect(await probe(`${prefix}/loop`)).toMatchObject({ outcome: "failure", error: "redirect_loop", hops: 1 });
    const moved = await probe(`${prefix}/moved`);
    expect(moved).toMatchObject({ outcome: "ok", hops: 1, finalUrl: `${OTHER_DOMAIN}${prefix}/ok` });
  });

  it("404, 500 and a slow page are failures; the class says which", async () => {
    expect(await probe("/x/missing")).toMatchObject({ outcome: "failure", status: 404, error: "http_status" });
    expect(await probe("/x/error")).toMatchObject({ outcome: "failure", status: 500, error: "http_status" });
    const slow = await probe("/x/slow?ms=3000", LOCAL, 500);
    expect(slow).toMatchObject({ outcome: "failure", status: null, error: "timeout" });
    expect(slow.latencyMs).toBeLessThan(2_500);
    const nowhere = await probeDestination("http://127.0.0.1:9/", {
      policy: LOCAL,
      timeoutMs: 2_000,
      userAgent: USER_AGENT,
    });
    expect(nowhere).toMatchObject({ outcome: "failure", status: null });
    expect(["connection", "timeout"]).toContain(nowhere.error);
  });

  it("401, 403, 429 and bot challenges are inconclusive (blocked), with Retry-After", async () => {
    expect(await probe("/x/forbidden")).toMatchObject({ outcome: "blocked", status: 403, error: null });
    expect(await probe("/x/challenge")).toMatchObject({ outcome: "blocked", status: 403 });
    expect(await probe("/x/limited")).toMatchObject({ outcome: "blocked", status: 429, retryAfterSeconds: 7200 });
  });

  it("every hop passes the destination rules: private hosts, blocked domains", async () => {
    const prefix = `/${unique("p")}`;
    const strict: DestinationPolicy = { ownHosts: [], blockedDomains: [] };
    expect(await probe(`${prefix}/ok`, strict)).toMatchObject({
      outcome: "failure",
      error: "refused_destination",
      status: null,
    });
    expect(await requestsTo(prefix)).toEqual([]); // refused before any request
    const blockingOther: DestinationPolicy = { ...LOCAL, blockedDomains: ["localhost"] };
    const hop = await probe(`${prefix}/moved`, blockingOther);
    expect(hop).toMatchObject({ outcome: "failure", error: "refused_destination", hops: 1, status: 301 });
    expect((await requestsTo(prefix)).map((request) => request.path)).toEqual([`${prefix}/moved`]);
  });
});
