// A workspace's API keys (issue 29): scopes enforced from each route's declared permission, an expiry
// that holds even for a cached key, last_used_at kept off the request's path, and the audit event.
import { describe, expect, it } from "vitest";
import { callApi, openTestDatabase, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
const overrides = { ADMIN_API_KEY: ADMIN_KEY, REQUIRE_API_KEYS: "true" };
type Options = Parameters<typeof callApi>[2];
const api = (method: string, path: string, options: Options = {}) => callApi(method, path, { overrides, ...options });

async function personalWorkspace() {
  const name = unique("wk");
  const user = await api("POST", "/users", { key: ADMIN_KEY, body: { username: name, email: `${name}@example.test` } });
  const listed = await api("GET", `/workspaces?user_id=${user.body.id}`, { key: ADMIN_KEY });
  return { userId: user.body.id as number, workspaceId: listed.body[0].id as number };
}

async function keyOf(workspaceId: number, body: Record<string, unknown>) {
  const made = await api("POST", `/workspaces/${workspaceId}/api-keys`, { key: ADMIN_KEY, body });
  expect(made.status).toBe(201);
  return made.body as { key: string; id: number; scopes: string[]; user_id: number };
}

describe("workspace API keys", () => {
  it("a key does what its scopes allow and nothing else", async () => {
    const { userId, workspaceId } = await personalWorkspace();
    const reader = await keyOf(workspaceId, { name: "reader", scopes: ["links:read"] });
    expect(reader).toMatchObject({ scopes: ["links:read"], user_id: userId });
    const link = await api("POST", "/urls", {
      key: ADMIN_KEY,
      body: { original_url: "https://example.com/k", user_id: userId },
    });
    expect((await api("GET", `/urls/${link.body.id}`, { key: reader.key })).status).toBe(200);
    expect(
      await api("POST", "/urls", { key: reader.key, body: { original_url: "https://example.com/no" } }),
    ).toMatchObject({
      status: 403,
      body: { error: "this key lacks the links:write scope" },
    });
    expect((await api("GET", `/urls/${link.body.id}/stats`, { key: reader.key })).status).toBe(403);
    expect((await api("POST", "/tags", { key: reader.key, body: { name: "x" } })).status).toBe(403);

    const writer = await keyOf(workspaceId, { scopes: ["links:read", "links:write"] });
    expect(
      (await api("POST", "/urls", { key: writer.key, body: { original_url: "https://example.com/yes" } })).status,
    ).toBe(201);
  });

  it("a key with one scope is refused (403) on every route that needs another, and never gets a 5xx", async () => {
    const { workspaceId } = await personalWorkspace();
    const analyst = await keyOf(workspaceId, { scopes: ["analytics:read"] });
    const document = await api("GET", "/openapi.json");
    const findings: string[] = [];
    for (const [path, methods] of Object.entries(
      document.body.paths as Record<string, Record<string, { "x-permission": string }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        const permission = operation["x-permission"];
        if (!permission.includes(":") || permission === "analytics:read") continue;
        const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === "delivery_id" ? crypto.randomUUID() : "1",
        );
        const payload = ["post", "put", "patch"].includes(method) ? { body: {} } : {};
        const answer = await api(method.toUpperCase(), filled, { key: analyst.key, ...payload });
        if (answer.status !== 403) findings.push(`${method} ${path} (${permission}): ${answer.status}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it("an expired key stops at once, cached or not; last_used_at moves off the request's path", async () => {
    const { workspaceId } = await personalWorkspace();
    const soon = await keyOf(workspaceId, {
      scopes: ["links:read"],
      expires_at: new Date(Date.now() + 1_500).toISOString(),
    });
    expect((await api("GET", "/urls?per_page=1", { key: soon.key })).status).toBe(200);
    const handle = openTestDatabase();
    try {
      const used = await handle.db.execute<{ last_used_at: string | null }>(
        `SELECT last_used_at FROM api_keys WHERE id = ${soon.id}` as never,
      );
      expect(used.rows[0]?.last_used_at).not.toBeNull();
    } finally {
      await handle.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await api("GET", "/urls?per_page=1", { key: soon.key })).status).toBe(401);
    const past = await api("POST", `/workspaces/${workspaceId}/api-keys`, {
      key: ADMIN_KEY,
      body: { scopes: ["links:read"], expires_at: "2020-01-01T00:00:00Z" },
    });
    expect(past).toMatchObject({ status: 400, body: { error: "expires_at must be in the future" } });
  });

  it("refuses bad input by name, other workspaces, and records the key in the audit log", async () => {
    const { userId, workspaceId } = await personalWorkspace();
    const other = await personalWorkspace();
    const ownKey = await api("POST", `/users/${userId}/api-keys`, { key: ADMIN_KEY });
    for (const [body, message] of [
      [{}, "scopes is required"],
      [{ scopes: [] }, "scopes must name at least one scope"],
      [{ scopes: ["links:read", "links:read"] }, "scopes: each at most once"],
      [{ scopes: ["everything"] }, "scopes: each must be one of"],
      [{ scopes: ["links:read"], expires_at: "tomorrow" }, "expires_at must be an RFC 3339 time"],
      [{ scopes: ["links:read"], extra: 1 }, "extra"],
    ] as const) {
      const answer = await api("POST", `/workspaces/${workspaceId}/api-keys`, { key: ADMIN_KEY, body });
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body.error).toContain(message);
    }
    // The owner's own (full) key makes keys in its workspace; another workspace is a 404.
    const made = await api("POST", `/workspaces/${workspaceId}/api-keys`, {
      key: ownKey.body.key,
      body: { name: "ci", scopes: ["links:read"] },
    });
    expect(made.status).toBe(201);
    const elsewhere = await api("POST", `/workspaces/${other.workspaceId}/api-keys`, {
      key: ownKey.body.key,
      body: { scopes: ["links:read"] },
    });
    expect(elsewhere.status).toBe(404);
    // A team makes keys too; the operator's workspace has none (ADMIN_API_KEY reaches it).
    const team = await api("POST", "/workspaces", { key: ADMIN_KEY, body: { name: "T", owner_user_id: userId } });
    const teamKey = await api("POST", `/workspaces/${team.body.id}/api-keys`, {
      key: ADMIN_KEY,
      body: { scopes: ["links:read"] },
    });
    expect(teamKey.status).toBe(201);
    const handle = openTestDatabase();
    const operatorWorkspace = await handle.db
      .execute<{ id: number }>("SELECT id FROM workspaces WHERE kind = 'operator'" as never)
      .finally(() => handle.close());
    const operatorKey = await api("POST", `/workspaces/${operatorWorkspace.rows[0]?.id}/api-keys`, {
      key: ADMIN_KEY,
      body: { scopes: ["links:read"] },
    });
    expect(operatorKey.status).toBe(409);
    const audit = await api("GET", `/workspaces/${workspaceId}/audit?action=key.created`, { key: ADMIN_KEY });
    expect(audit.body.events[0]).toMatchObject({
      actor: { kind: "key", user_id: userId },
      details: { key_id: made.body.id, name: "ci", scopes: ["links:read"] },
    });
  });

  it("admins list a workspace's live keys (never the key) and revoke one: it stops at once", async () => {
    const { workspaceId } = await personalWorkspace();
    const other = await personalWorkspace();
    const kept = await keyOf(workspaceId, { name: "kept", scopes: ["links:read"] });
    const gone = await keyOf(workspaceId, { name: "gone", scopes: ["links:read"] });
    expect((await api("GET", "/urls?per_page=1", { key: gone.key })).status).toBe(200); // cached now
    const listed = await api("GET", `/workspaces/${workspaceId}/api-keys`, { key: ADMIN_KEY });
    expect(listed.status).toBe(200);
    expect((listed.body as { id: number }[]).map((key) => key.id)).toEqual([gone.id, kept.id]);
    expect(JSON.stringify(listed.body)).not.toContain(gone.key);
    expect(listed.body[0]).toMatchObject({ name: "gone", scopes: ["links:read"], last_used_at: expect.any(String) });

    // Another workspace's key id is a 404, as a missing one.
    expect(
      (await api("DELETE", `/workspaces/${other.workspaceId}/api-keys/${gone.id}`, { key: ADMIN_KEY })).status,
    ).toBe(404);
    expect((await api("DELETE", `/workspaces/${workspaceId}/api-keys/${gone.id}`, { key: ADMIN_KEY })).status).toBe(
      204,
    );
    expect((await api("GET", "/urls?per_page=1", { key: gone.key })).status).toBe(401);
    expect((await api("GET", "/urls?per_page=1", { key: kept.key })).status).toBe(200);
    expect((await api("DELETE", `/workspaces/${workspaceId}/api-keys/${gone.id}`, { key: ADMIN_KEY })).status).toBe(
      404,
    );
    const after = await api("GET", `/workspaces/${workspaceId}/api-keys`, { key: ADMIN_KEY });
    expect((after.body as { id: number }[]).map((key) => key.id)).toEqual([kept.id]);
    const audit = await api("GET", `/workspaces/${workspaceId}/audit?action=key.revoked`, { key: ADMIN_KEY });
    expect(audit.body.events).toHaveLength(1);
    expect(audit.body.events[0]).toMatchObject({
      actor: { kind: "operator" },
      details: { key_id: gone.id, name: "gone" },
    });
  });
});
