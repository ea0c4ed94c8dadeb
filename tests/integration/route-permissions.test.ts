// Every route declares what it needs (x-permission, next to its definition), and the route table is
// walked as each kind of caller: without credentials, as another tenant's key, as the operator. Another
// tenant's resource answers exactly as a missing one (never a 2xx, never a 500, never a hint).
import { describe, expect, it } from "vitest";
import { apiPaths } from "../../worker/app";
import { PERMISSIONS } from "../../worker/domain/permissions";
import { callApi, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
const overrides = { ADMIN_API_KEY: ADMIN_KEY, REQUIRE_API_KEYS: "true", LINK_PASSWORD_SECRET: "p".repeat(40) };
type Options = Parameters<typeof callApi>[2];
const api = (method: string, path: string, options: Options = {}) => callApi(method, path, { overrides, ...options });

interface Operation {
  method: string;
  path: string;
  permission: string | undefined;
}

async function operations(): Promise<Operation[]> {
  const document = await api("GET", "/openapi.json");
  expect(document.status).toBe(200);
  const paths = document.body.paths as Record<string, Record<string, Record<string, unknown>>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      permission: operation["x-permission"] as string | undefined,
    })),
  );
}

async function tenant() {
  const name = unique("perm");
  const user = await api("POST", "/users", { key: ADMIN_KEY, body: { username: name, email: `${name}@example.test` } });
  const key = await api("POST", `/users/${user.body.id}/api-keys`, { key: ADMIN_KEY });
  expect([user.status, key.status]).toEqual([201, 201]);
  return { id: user.body.id as number, key: key.body.key as string, keyId: key.body.id as number };
}

describe("route permissions", () => {
  it("every route the worker serves is documented with one permission", async () => {
    const documented = await operations();
    const undeclared = documented.filter((op) => !PERMISSIONS.includes(op.permission as never));
    expect(undeclared).toEqual([]);
    const documentedPaths = new Set(documented.map((op) => op.path));
    const served = apiPaths()
      .filter((path) => path !== "/openapi.json")
      .map((path) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}"));
    expect(served.filter((path) => !documentedPaths.has(path))).toEqual([]);
  });

  it("another tenant's resources answer exactly as missing ones; the operator is never refused", async () => {
    const owner = await tenant();
    const other = await tenant();
    const as = (key: string) => ({ key });
    const link = await api("POST", "/urls", { ...as(owner.key), body: { original_url: "https://example.com/perm" } });
    const tag = await api("POST", "/tags", { ...as(owner.key), body: { name: unique("t") } });
    const webhook = await api("POST", "/webhooks", {
      ...as(owner.key),
      body: { url: "https://hooks.example.com/perm", events: ["link.created"] },
    });
    const event = await api("POST", "/events", {
      ...as(owner.key),
      body: { url_id: link.body.id, event_type: "shared" },
    });
    const workspaces = await api("GET", "/workspaces", as(owner.key));
    expect([link.status, tag.status, webhook.status, event.status, workspaces.status]).toEqual([
      201, 201, 201, 201, 200,
    ]);
    const owned: Record<string, number | string> = {
      urls: link.body.id,
      tags: tag.body.id,
      webhooks: webhook.body.id,
      events: event.body.id,
      users: owner.id,
      workspaces: workspaces.body[0].id,
    };
    const fill = (path: string, mine: boolean) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === "delivery_id") return mine ? crypto.randomUUID() : crypto.randomUUID();
        if (name === "key_id") return String(mine ? owner.keyId : 2_000_000_000);
        if (name === "user_id") return String(mine ? owner.id : 2_000_000_000);
        if (name === "invitation_id") return "2000000000";
        const resource = path.split("/")[1] ?? "";
        return String(mine ? (owned[resource] ?? 2_000_000_000) : 2_000_000_000);
      });
    const body = (method: string) => (["POST", "PUT", "PATCH"].includes(method) ? { body: {} } : {});

    const findings: string[] = [];
    for (const op of await operations()) {
      if (!op.path.includes("{") || op.path === "/{code}" || op.path.startsWith("/auth/")) continue;
      const theirs = await api(op.method, fill(op.path, true), { ...as(other.key), ...body(op.method) });
      const missing = await api(op.method, fill(op.path, false), { ...as(other.key), ...body(op.method) });
      const name = `${op.method} ${op.path}`;
      if (theirs.status >= 200 && theirs.status < 300) findings.push(`${name}: ${theirs.status} for another tenant`);
      if (theirs.status >= 500) findings.push(`${name}: ${theirs.status}`);
      if (theirs.status !== missing.status || JSON.stringify(theirs.body) !== JSON.stringify(missing.body)) {
        findings.push(
          `${name}: ${theirs.status} ${JSON.stringify(theirs.body)} differs from a missing one's ${missing.status}`,
        );
      }
    }
    expect(findings).toEqual([]);
  });

  it("without credentials every route but the public ones is a 401; with the admin key none is refused", async () => {
    const findings: string[] = [];
    for (const op of await operations()) {
      if (op.path === "/{code}") continue;
      // Ids no one holds: the operator's calls must not act on other tests' resources.
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === "delivery_id" ? crypto.randomUUID() : "2000000000",
      );
      const payload = ["POST", "PUT", "PATCH"].includes(op.method) ? { body: {} } : {};
      const anonymous = await api(op.method, path, payload);
      const name = `${op.method} ${op.path} (${op.permission})`;
      const open = op.permission === "public" || op.permission === "metrics"; // metrics: open until METRICS_TOKEN is set
      if (anonymous.status >= 500) findings.push(`${name}: ${anonymous.status} without credentials`);
      if (!open && anonymous.status !== 401) findings.push(`${name}: ${anonymous.status} without credentials`);
      if (open && anonymous.status === 401) findings.push(`${name}: 401 though public`);
      const operator = await api(op.method, path, { key: ADMIN_KEY, ...payload });
      if (operator.status >= 500) findings.push(`${name}: ${operator.status} for the operator`);
      // Keys are not people: the session routes answer the operator 401; nothing else refuses it.
      const refused = op.permission === "session" ? [403] : [401, 403];
      if (refused.includes(operator.status)) findings.push(`${name}: ${operator.status} for the operator`);
    }
    expect(findings).toEqual([]);
  });
});
