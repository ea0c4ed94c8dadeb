// The resolver npm run dev and the compose stack give the worker (DNS_RESOLVER_URL): it answers the
// DNS-over-HTTPS JSON API from this machine's own lookup, in the shape worker/lib/resolved-address.ts reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsJsonResolver, startDnsJsonResolver } from "../../scripts/lib/dns-json-resolver.ts";
import { resolveHost } from "../../worker/lib/resolved-address.ts";

let resolver: DnsJsonResolver;
beforeAll(async () => {
  resolver = await startDnsJsonResolver();
});
afterAll(() => resolver.close());

const ask = async (query: string) => {
  const response = await fetch(`${resolver.url}?${query}`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as { Status?: number; Answer?: { data: string }[] } };
};

describe("the local DNS-over-HTTPS resolver", () => {
  it("answers a name from the machine's hosts file", async () => {
    const { status, body } = await ask("name=localhost&type=A");
    expect([status, body.Status]).toEqual([200, 0]);
    expect(body.Answer?.map((record) => record.data)).toContain("127.0.0.1");
  });

  it("says a name that does not exist does not, and refuses what is not a name", async () => {
    expect((await ask("name=no-such-name.invalid&type=A")).body.Status).toBe(3);
    expect((await ask("name=a%20b&type=A")).status).toBe(400);
    expect((await ask("name=localhost&type=MX")).status).toBe(400);
  });

  it("is what the worker's check reads: a name of a loopback address is refused", async () => {
    expect(await resolveHost("http://localhost:8080/x", { url: resolver.url })).toEqual({
      ok: false,
      problem: "private_address",
    });
    expect(await resolveHost("http://no-such-name.invalid/", { url: resolver.url })).toEqual({
      ok: false,
      problem: "unresolved",
    });
  });
});
