// Issue 27's security pass, the parts about one client or tenant and another: another tenant's event
// costs the same as a missing one (11.), and one address's failed keys lock no one else out (10.).
import { describe, expect, it } from "vitest";
import { awayFromLimitWindowEdge, countCalls, productionDeployment, unique } from "../harness";

const { adminKey: ADMIN_KEY, limitsOn: LIMITS_ON, api, newClientIp, userWithKey } = productionDeployment("iso");

describe("GET /events/{id} of another tenant (issue 27, 11.)", () => {
  it("answers the same 404 as a missing id, after the same single query", async () => {
    const alice = await userWithKey();
    const bob = await userWithKey();
    const link = await api("POST", "/urls", {
      key: bob.key,
      body: { original_url: `https://example.com/${unique("ev")}` },
    });
    expect(link.status).toBe(201);
    const event = await api("POST", "/events", { key: bob.key, body: { url_id: link.body.id, event_type: "shared" } });
    expect(event.status).toBe(201);
    // Alice's key is cached first, so the counts below are the lookups of the events alone.
    expect((await api("GET", "/events?limit=1", { key: alice.key })).status).toBe(200);

    const read = async (id: number) => {
      const calls = countCalls();
      const answer = await api("GET", `/events/${id}`, { key: alice.key });
      return { status: answer.status, body: answer.body, queries: calls().postgres };
    };
    const others = await read(event.body.id);
    const missing = await read(2_000_000_000);
    expect(others).toEqual({ status: 404, body: { error: "not found" }, queries: 1 });
    expect(missing).toEqual(others);
    // The owner and the admin still read it.
    const bobs = await api("GET", `/events/${event.body.id}`, { key: bob.key });
    expect(bobs).toMatchObject({ status: 200, body: { id: event.body.id, url_id: link.body.id } });
    expect((await api("GET", `/events/${event.body.id}`, { key: ADMIN_KEY })).status).toBe(200);
  });
});

describe("failed authentications from a shared address (issue 27, 10.)", () => {
  it("20 bad keys from an address do not lock out a valid key from the same address; only failures count", async () => {
    const owner = await userWithKey();
    const neighbour = await userWithKey();
    const ip = newClientIp();
    await awayFromLimitWindowEdge();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const prefix = crypto.randomUUID().replaceAll("-", "").slice(0, 10);
      statuses.push(
        (await api("GET", "/urls", { key: `lsk_${prefix}_${"C".repeat(43)}`, ip, overrides: LIMITS_ON })).status,
      );
    }
    expect(statuses.every((status) => status === 401)).toBe(true);
    // The address is over its limit now.
    expect((await api("GET", "/urls", { key: "not-a-key", ip, overrides: LIMITS_ON })).status).toBe(429);
    // A valid key this isolate has never seen, from the same address: it gets in, every time, and
    // its successes count for nothing against the address.
    for (let i = 0; i < 3; i++) {
      expect((await api("GET", "/urls", { key: neighbour.key, ip, overrides: LIMITS_ON })).status).toBe(200);
    }
    // A wrong key with an existing prefix is still a failure (429 past the limit).
    const wrongSecret = `${owner.key.slice(0, -4)}xxxx`;
    expect((await api("GET", "/urls", { key: wrongSecret, ip, overrides: LIMITS_ON })).status).toBe(429);
    // ...and the right one with that prefix gets in.
    expect((await api("GET", "/urls", { key: owner.key, ip, overrides: LIMITS_ON })).status).toBe(200);
  });

  it("a wrong key with an existing prefix counts as a failure toward the limit", async () => {
    const owner = await userWithKey();
    const ip = newClientIp();
    const wrongSecret = `${owner.key.slice(0, -4)}xxxx`;
    await awayFromLimitWindowEdge();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await api("GET", "/urls", { key: wrongSecret, ip, overrides: LIMITS_ON })).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
