// Issue 13: every Postgres query or atomic write of the API is one HTTP round trip to Neon's
// protocol (here, the local bridge). The counter is the worker's own: one per fetch the driver makes.
import { describe, expect, it } from "vitest";
import { callWorker, countCalls, createUrl, createUser, unique } from "../harness";

async function postgresRoundTrips(path: string, init: RequestInit = {}) {
  const calls = countCalls();
  const { response, settled } = await callWorker(path, init);
  await settled();
  return { status: response.status, body: await response.json().catch(() => null), postgres: calls().postgres };
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe("one round trip per query or atomic write", () => {
  it("a link and its audit event: one batch", async () => {
    const created = await postgresRoundTrips(
      "/urls",
      json("POST", { original_url: `https://example.com/${unique("rt")}` }),
    );
    expect(created.status).toBe(201);
    expect(created.postgres).toBe(1);
  });

  it("an owned link: the batch fails the foreign key for an unknown owner, and nothing is written", async () => {
    const target = `https://example.com/${unique("orphan")}`;
    const refused = await postgresRoundTrips("/urls", json("POST", { original_url: target, user_id: 2_000_000_000 }));
    expect(refused).toMatchObject({ status: 400, body: { error: "user_id 2000000000 does not exist" }, postgres: 1 });
    const listed = await postgresRoundTrips(`/urls?per_page=100`);
    expect(JSON.stringify(listed.body)).not.toContain(target);
  });

  it("an update and its event: one batch; an unknown link is a 404, an unknown actor a 400", async () => {
    const url = await createUrl();
    const updated = await postgresRoundTrips(`/urls/${url.id}`, json("PATCH", { title: "Renamed" }));
    expect(updated.status).toBe(200);
    expect(updated.postgres).toBe(1);
    const missing = await postgresRoundTrips("/urls/2000000000", json("PATCH", { title: "x" }));
    expect(missing.status).toBe(404);
    const ghost = await postgresRoundTrips(
      `/urls/${url.id}`,
      json("PATCH", { title: "Ghost", user_id: 2_000_000_000 }),
    );
    expect(ghost).toMatchObject({ status: 400, body: { error: "user_id 2000000000 does not exist" } });
    const after = await postgresRoundTrips(`/urls/${url.id}`);
    expect(after.body).toMatchObject({ title: "Renamed" });
  });

  it("a soft delete and its event: one statement; a second delete writes no second event", async () => {
    const url = await createUrl();
    const deleted = await postgresRoundTrips(`/urls/${url.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.postgres).toBe(1);
    await postgresRoundTrips(`/urls/${url.id}`, { method: "DELETE" });
    const events = await postgresRoundTrips(`/urls/${url.id}/events`);
    const types = (events.body as { event_type: string }[]).map((event) => event.event_type);
    expect(types.filter((type) => type === "deleted")).toHaveLength(1);
  });

  it("a link's stats: the link's lookup, then six grouped queries in one batch (eight round trips before)", async () => {
    const url = await createUrl();
    const stats = await postgresRoundTrips(`/urls/${url.id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ url_id: url.id, total: 0, by_day: [], by_class: [] });
    expect(stats.postgres).toBe(2);
  });

  it("a user delete: one batch, refused while the user owns links", async () => {
    const user = await createUser();
    await createUrl({ user_id: user.id });
    const refused = await postgresRoundTrips(`/users/${user.id}`, { method: "DELETE" });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: "user still owns 1 url; delete or reassign them first" },
    });
    const loner = await createUser();
    const deleted = await postgresRoundTrips(`/users/${loner.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.postgres).toBe(1);
    expect((await postgresRoundTrips(`/users/${loner.id}`)).status).toBe(404);
  });
});
