// The resolver npm run dev and the compose stack give the worker (DNS_RESOLVER_URL): it answers the
// DNS-over-HTTPS JSON API from this machine's own lookup, in the shape worker/lib/resolved-address.ts reads,
// and TXT from the records published to it (what worker/lib/txt-records.ts reads for manual domains).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsJsonResolver, startDnsJsonResolver } from "../../scripts/lib/dns-json-resolver.ts";
import { resolveHost } from "../../worker/lib/resolved-address.ts";
import { lookupTxt } from "../../worker/lib/txt-records.ts";

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

  it("answers TXT from the published records, split as DNS stores them, and forgets them on null", async () => {
    const publish = (body: unknown) =>
      fetch(new URL("/__txt", resolver.url), { method: "POST", body: JSON.stringify(body) }).then(
        (answer) => answer.status,
      );
    const name = "_linkscope-challenge.go.example.com";
    expect((await ask(`name=${name}&type=TXT`)).body.Status).toBe(3);
    expect(await publish({ name, values: ["x".repeat(300), ["a", 'say "hi"']] })).toBe(200);
    const { body } = await ask(`name=${name}.&type=TXT`);
    expect(body.Status).toBe(0);
    expect(body.Answer?.map((record) => record.data)).toEqual([
      `"${"x".repeat(255)}" "${"x".repeat(45)}"`,
      '"a" "say \\"hi\\""',
    ]);
    expect(await lookupTxt(name.toUpperCase(), { url: resolver.url })).toEqual({
      ok: true,
      texts: ["x".repeat(300), 'asay "hi"'],
    });
    expect(await publish({ name, values: null })).toBe(200);
    expect((await ask(`name=${name}&type=TXT`)).body.Status).toBe(3);
    expect(await publish({ name: "a b", values: [] })).toBe(400);
    expect(await publish({ name, values: [1] })).toBe(400);
  });
});
