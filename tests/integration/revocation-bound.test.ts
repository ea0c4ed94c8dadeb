// How long a change made in another isolate takes to reach this one (issue 29): each isolate keeps a
// key, a session and a person's role in a workspace for at most 30 s. The change is written straight
// to Postgres, as another isolate's would be (this isolate is not told), and this isolate's clock is
// moved past the bound: until then the cached grant still answers, after it the change holds.
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openTestDatabase, unique } from "../harness";
import { ADMIN_KEY, api, newPerson, signIn } from "../session-harness";

const BOUND_MS = 30_000;

async function elsewhere(statement: ReturnType<typeof sql>) {
  const handle = openTestDatabase();
  try {
    await handle.db.execute(statement);
  } finally {
    await handle.close();
  }
}

/** This isolate's clock, moved just past the caches' bound. */
function afterTheBound() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() + BOUND_MS + 1_000);
}

afterEach(() => vi.useRealTimers());

describe("a change made in another isolate", () => {
  it("a revoked key stops within 30 s", async () => {
    const person = await newPerson();
    const made = await api("POST", `/users/${person.id}/api-keys`, { key: ADMIN_KEY });
    expect((await api("GET", "/urls", { key: made.body.key })).status).toBe(200);
    await elsewhere(sql`UPDATE api_keys SET revoked_at = now() WHERE id = ${made.body.id}`);
    expect((await api("GET", "/urls", { key: made.body.key })).status).toBe(200);
    afterTheBound();
    expect((await api("GET", "/urls", { key: made.body.key })).status).toBe(401);
  });

  it("a revoked session stops within 30 s", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    // GET /urls: a route that reads nothing of the session but the cached grant (GET /me reads the row).
    expect((await api("GET", "/urls", { headers: { Cookie: cookie } })).status).toBe(200);
    await elsewhere(sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${person.id}`);
    expect((await api("GET", "/urls", { headers: { Cookie: cookie } })).status).toBe(200);
    afterTheBound();
    expect((await api("GET", "/urls", { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("a member removed from a workspace loses it within 30 s", async () => {
    const [owner, member] = [await newPerson(), await newPerson()];
    const team = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: owner.id },
    });
    await api("PUT", `/workspaces/${team.body.id}/members/${member.id}`, { key: ADMIN_KEY, body: { role: "viewer" } });
    const headers = { Cookie: await signIn(member.email), "X-Workspace-Id": String(team.body.id) };
    expect((await api("GET", "/urls", { headers })).status).toBe(200);
    await elsewhere(sql`DELETE FROM workspace_members WHERE workspace_id = ${team.body.id} AND user_id = ${member.id}`);
    expect((await api("GET", "/urls", { headers })).status).toBe(200);
    afterTheBound();
    expect(await api("GET", "/urls", { headers })).toMatchObject({
      status: 404,
      body: { error: "workspace not found" },
    });
  });
});
