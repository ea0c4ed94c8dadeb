import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../../db/schema";
import { callApi, callWorker, openTestDatabase, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
const PRODUCTION = { ADMIN_API_KEY: ADMIN_KEY, REQUIRE_API_KEYS: "true" };

/** An API call under production settings, with a key (or none). */
const api = (method: string, path: string, key?: string, body?: unknown) =>
  callApi(method, path, { key, body, overrides: PRODUCTION });

interface Party {
  userId: number;
  key: string;
  keyId: number;
  urlId: number;
  code: string;
  eventId: number;
}

async function party(): Promise<Party> {
  const name = unique("auth");
  const user = await api("POST", "/users", ADMIN_KEY, { username: name, email: `${name}@example.test` });
  expect(user.status).toBe(201);
  const created = await api("POST", `/users/${user.body.id}/api-keys`, ADMIN_KEY, { name: "laptop" });
  expect(created.status).toBe(201);
  const url = await api("POST", "/urls", created.body.key, { original_url: `https://example.com/${name}` });
  expect(url.status).toBe(201);
  const event = await api("POST", "/events", created.body.key, { url_id: url.body.id, event_type: "note" });
  expect(event.status).toBe(201);
  return {
    userId: user.body.id,
    key: created.body.key,
    keyId: created.body.id,
    urlId: url.body.id,
    code: url.body.short_code,
    eventId: event.body.id,
  };
}

let alice: Party;
let bob: Party;

beforeAll(async () => {
  alice = await party();
  bob = await party();
});

describe("API keys", () => {
  it("are long random secrets with a readable prefix, shown once and stored only as a hash", async () => {
    expect(alice.key).toMatch(/^lsk_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    const listed = await api("GET", `/users/${alice.userId}/api-keys`, alice.key);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(alice.key.slice(16));
    expect(listed.body[0]).toMatchObject({
      id: alice.keyId,
      prefix: alice.key.slice(0, 14),
      name: "laptop",
      revoked_at: null,
    });
    const handle = openTestDatabase();
    try {
      const rows = await handle.db.select().from(apiKeys).where(eq(apiKeys.userId, alice.userId));
      expect(rows[0]?.keyHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain(alice.key.slice(16));
    } finally {
      await handle.close();
    }
  });

  it("are required in the production config; redirects and health stay public", async () => {
    for (const path of ["/urls", "/users", "/events", `/urls/${alice.urlId}`]) {
      const answer = await api("GET", path);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toContain("API key is required");
      expect(answer.headers.get("WWW-Authenticate")).toContain("Bearer");
    }
    expect((await api("POST", "/urls", undefined, { original_url: "https://example.com/x" })).status).toBe(401);
    expect((await api("GET", `/${alice.code}`)).status).toBe(302);
    expect((await api("GET", "/health")).status).toBe(200);
  });

  it("are refused when wrong, malformed, revoked, or sent in the URL", async () => {
    expect((await api("GET", "/urls", `${alice.key.slice(0, -1)}x`)).status).toBe(401);
    expect((await api("GET", "/urls", "not-a-key")).status).toBe(401);
    const { response, settled } = await callWorker(
      "/urls",
      { headers: { Authorization: `Basic ${btoa("a:b")}` } },
      PRODUCTION,
    );
    expect(response.status).toBe(401);
    await settled();
    const inUrl = await api("GET", `/urls?api_key=${alice.key}`, alice.key);
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.error).toContain("only in the Authorization header");

    const spare = await api("POST", `/users/${alice.userId}/api-keys`, ADMIN_KEY);
    expect((await api("GET", "/urls", spare.body.key)).status).toBe(200);
    expect((await api("DELETE", `/users/${alice.userId}/api-keys/${spare.body.id}`, alice.key)).status).toBe(200);
    expect((await api("GET", "/urls", spare.body.key)).status).toBe(401);
  });

  it("only the admin key creates keys and manages users and imports", async () => {
    expect((await api("POST", `/users/${alice.userId}/api-keys`, alice.key)).status).toBe(403);
    expect((await api("POST", `/users/${bob.userId}/api-keys`, alice.key)).status).toBe(403);
    expect(
      (await api("POST", "/users", alice.key, { username: unique("x"), email: `${unique("x")}@e.test` })).status,
    ).toBe(403);
    expect((await api("PUT", `/users/${alice.userId}`, alice.key, { username: unique("y") })).status).toBe(403);
    expect((await api("DELETE", `/users/${bob.userId}`, alice.key)).status).toBe(403);
    expect((await api("POST", "/urls/bulk", alice.key, { file: "urls.csv" })).status).toBe(403);
    expect((await api("POST", "/users/bulk", alice.key, { file: "users.csv" })).status).toBe(403);
  });
});

describe("ownership", () => {
  it("a user's key cannot read, change or delete anything of another user's", async () => {
    const denied: [string, string, unknown?][] = [
      ["GET", `/urls/${bob.urlId}`],
      ["PUT", `/urls/${bob.urlId}`, { title: "mine now" }],
      ["PATCH", `/urls/${bob.urlId}`, { is_active: false }],
      ["DELETE", `/urls/${bob.urlId}`],
      ["GET", `/urls/${bob.urlId}/events`],
      ["GET", `/urls/${bob.urlId}/stats`],
      ["GET", `/events/${bob.eventId}`],
      ["POST", "/events", { url_id: bob.urlId, event_type: "note" }],
      ["GET", `/users/${bob.userId}`],
      ["GET", `/users/${bob.userId}/urls`],
      ["GET", `/users/${bob.userId}/api-keys`],
      ["DELETE", `/users/${bob.userId}/api-keys/${bob.keyId}`],
    ];
    for (const [method, path, body] of denied) {
      const answer = await api(method, path, alice.key, body);
      expect([method, path, answer.status]).toEqual([method, path, 404]);
    }
    // A cross-site form cannot write: only JSON bodies are read.
    const { response: form, settled } = await callWorker(
      `/users/${alice.userId}/api-keys`,
      { method: "POST", headers: { Authorization: `Bearer ${ADMIN_KEY}`, "Content-Type": "text/plain" }, body: "{}" },
      PRODUCTION,
    );
    expect(form.status).toBe(415);
    await settled();
    const steal = await api("POST", "/urls", alice.key, { original_url: "https://example.com/s", user_id: bob.userId });
    expect(steal.status).toBe(403);
    // Bob's link is untouched and still his.
    const bobsUrl = await api("GET", `/urls/${bob.urlId}`, bob.key);
    expect(bobsUrl.body).toMatchObject({ user_id: bob.userId, is_active: true });
    expect((await api("GET", `/${bob.code}`)).status).toBe(302);
  });

  it("lists show a user's own urls, events and profile only; the admin sees all", async () => {
    const urls = await api("GET", "/urls?per_page=1000", alice.key);
    expect(urls.body.length).toBeGreaterThan(0);
    expect(urls.body.every((url: { user_id: number }) => url.user_id === alice.userId)).toBe(true);
    expect((await api("GET", `/urls?user_id=${bob.userId}`, alice.key)).body).toEqual([]);
    const events = await api("GET", "/events?per_page=1000", alice.key);
    expect(events.body.map((event: { id: number }) => event.id)).toContain(alice.eventId);
    expect(events.body.map((event: { id: number }) => event.id)).not.toContain(bob.eventId);
    expect((await api("GET", "/users", alice.key)).body.map((user: { id: number }) => user.id)).toEqual([alice.userId]);
    const all = await api("GET", `/urls?user_id=${bob.userId}`, ADMIN_KEY);
    expect(all.body.map((url: { id: number }) => url.id)).toContain(bob.urlId);
  });

  it("a user's key creates urls for itself and edits its own", async () => {
    const shortened = await api("POST", "/shorten", alice.key, { url: "https://example.com/own" });
    expect(shortened.status).toBe(201);
    const mine = await api("GET", "/urls?per_page=1000", alice.key);
    const created = {
      body: mine.body.find((url: { short_code: string }) => url.short_code === shortened.body.short_code),
    };
    expect(created.body?.user_id).toBe(alice.userId);
    expect((await api("PATCH", `/urls/${created.body.id}`, alice.key, { title: "mine" })).status).toBe(200);
    expect((await api("DELETE", `/urls/${created.body.id}`, alice.key)).status).toBe(200);
  });
});
