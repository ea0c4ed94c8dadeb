// Custom domains, the model and its API (issue 30, first part): a workspace claims a hostname (one
// workspace at most, whoever asks: a 409 that names no holder), gets the DNS records to create, and
// sets the domain's redirects (never to itself), app-association files and default flag. With
// DOMAIN_PROVIDER=none (development, these tests) a domain is active at once.
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../worker/config/settings";
import { callApi, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
// Keys optional (so DOMAIN_PROVIDER may be none), but every call here sends one.
const overrides = { ADMIN_API_KEY: ADMIN_KEY, SERVICE_HOSTS: "links.example.test,linkscope.test" };
type Options = Parameters<typeof callApi>[2];
const api = (method: string, path: string, options: Options = {}) => callApi(method, path, { overrides, ...options });

async function userWithKey() {
  const name = unique("dom");
  const user = await api("POST", "/users", { key: ADMIN_KEY, body: { username: name, email: `${name}@example.test` } });
  const key = await api("POST", `/users/${user.body.id}/api-keys`, { key: ADMIN_KEY });
  expect([user.status, key.status]).toEqual([201, 201]);
  return { id: user.body.id as number, key: key.body.key as string };
}

/** A hostname no other test claims. */
const hostname = (label = "go") =>
  `${label}.${unique("d")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;

describe("custom domains", () => {
  it("a workspace claims a hostname and is told the records to create; development makes it active at once", async () => {
    const owner = await userWithKey();
    const name = hostname();
    const made = await api("POST", "/domains", { key: owner.key, body: { hostname: `  ${name.toUpperCase()}.  ` } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      hostname: name,
      state: "active",
      provider: "none",
      ownership: "verified",
      certificate: "none",
      is_default: false,
      root_redirect: null,
      dns_records: [
        { type: "CNAME", name, value: "links.example.test" },
        { type: "TXT", name: `_linkscope-challenge.${name}`, value: expect.stringMatching(/^linkscope-verify=/) },
      ],
    });
    const listed = await api("GET", "/domains", { key: owner.key });
    expect((listed.body as { hostname: string }[]).map((domain) => domain.hostname)).toEqual([name]);
    // An IDN name is kept in punycode.
    const idn = await api("POST", "/domains", { key: owner.key, body: { hostname: `bücher.${name}` } });
    expect(idn.body.hostname).toBe(`xn--bcher-kva.${name}`);
    // The audit log has both.
    const workspaces = await api("GET", "/workspaces", { key: owner.key });
    const audit = await api("GET", `/workspaces/${workspaces.body[0].id}/audit?action=domain.created`, {
      key: owner.key,
    });
    expect((audit.body.events as { details: { hostname: string } }[]).map((event) => event.details.hostname)).toEqual([
      `xn--bcher-kva.${name}`,
      name,
    ]);
  });

  it("refuses a hostname no workspace may claim, naming the field", async () => {
    const owner = await userWithKey();
    const cases: [unknown, string][] = [
      [undefined, "hostname is required"],
      [42, "hostname is required"],
      ["", "hostname is required"],
      ["https://go.example.com/x", "hostname must be a bare hostname"],
      ["go.example.com:8443", "hostname must not have a port"],
      ["203.0.113.9", "hostname must be a name, not an IP address"],
      ["[2001:db8::1]", "hostname must be a name, not an IP address"],
      ["localhost", "hostname must have at least two labels"],
      ["co.uk", "hostname must not be a public suffix"],
      ["github.io", "hostname must not be a public suffix"],
      [`${"a".repeat(64)}.example.com`, "hostname must be letters, digits and hyphens"],
      ["under_score.example.com", "hostname"],
      ["links.example.test", "hostname is this service's own"],
    ];
    for (const [value, message] of cases) {
      const answer = await api("POST", "/domains", { key: owner.key, body: { hostname: value } });
      expect({ value, status: answer.status }).toEqual({ value, status: 400 });
      expect(answer.body.error).toContain(message);
    }
  });

  it("a hostname belongs to one workspace: claiming it again is a 409 that names no holder", async () => {
    const [first, second] = [await userWithKey(), await userWithKey()];
    const name = hostname();
    expect((await api("POST", "/domains", { key: first.key, body: { hostname: name } })).status).toBe(201);
    const theirs = await api("POST", "/domains", { key: second.key, body: { hostname: name } });
    const again = await api("POST", "/domains", { key: first.key, body: { hostname: name } });
    expect(theirs).toMatchObject({
      status: 409,
      body: { error: "hostname is already claimed: a hostname belongs to one workspace" },
    });
    expect([again.status, again.body.error]).toEqual([theirs.status, theirs.body.error]);
  });

  it("redirects pass the destination rules and never point at the domain itself; app files are checked", async () => {
    const owner = await userWithKey();
    const name = hostname();
    const looping = await api("POST", "/domains", {
      key: owner.key,
      body: { hostname: name, root_redirect: `https://${name}/home` },
    });
    expect(looping.status).toBe(400);
    expect(looping.body.error).toMatch(/^root_redirect: /);
    const made = await api("POST", "/domains", {
      key: owner.key,
      body: {
        hostname: name,
        root_redirect: "https://www.example.org/",
        not_found_redirect: "https://www.example.org/404",
        apple_app_site_association: { applinks: { details: [] } },
        assetlinks: [{ relation: ["delegate_permission/common.handle_all_urls"] }],
      },
    });
    expect(made).toMatchObject({
      status: 201,
      body: {
        root_redirect: "https://www.example.org/",
        apple_app_site_association: { applinks: { details: [] } },
      },
    });
    const id = made.body.id as number;
    for (const [body, message] of [
      [{ expired_url: "javascript:alert(1)" }, "expired_url: "],
      [{ not_found_redirect: `https://${name}/x` }, "not_found_redirect: "],
      [{ apple_app_site_association: [1] }, "apple_app_site_association must be a JSON object or null"],
      [{ assetlinks: { a: 1 } }, "assetlinks must be a JSON array or null"],
      [{ assetlinks: ["x".repeat(140 * 1024)] }, "assetlinks must be at most 131072 bytes"],
      [{ hostname: "other.example.com" }, "hostname"],
      [{}, "no valid fields to update"],
    ] as const) {
      const answer = await api("PATCH", `/domains/${id}`, { key: owner.key, body });
      expect({ body: Object.keys(body), status: answer.status }).toEqual({ body: Object.keys(body), status: 400 });
      expect(answer.body.error).toContain(message);
    }
    const cleared = await api("PATCH", `/domains/${id}`, { key: owner.key, body: { root_redirect: null } });
    expect(cleared).toMatchObject({ status: 200, body: { root_redirect: null } });
  });

  it("one default per workspace: making another the default clears the first, in the same write", async () => {
    const owner = await userWithKey();
    const first = await api("POST", "/domains", { key: owner.key, body: { hostname: hostname(), is_default: true } });
    const second = await api("POST", "/domains", { key: owner.key, body: { hostname: hostname() } });
    expect([first.body.is_default, second.body.is_default]).toEqual([true, false]);
    const switched = await api("PATCH", `/domains/${second.body.id}`, { key: owner.key, body: { is_default: true } });
    expect(switched.body.is_default).toBe(true);
    expect((await api("GET", `/domains/${first.body.id}`, { key: owner.key })).body.is_default).toBe(false);
  });

  it("another workspace's domain is as missing as none; deleting gives the hostname up", async () => {
    const [owner, stranger] = [await userWithKey(), await userWithKey()];
    const name = hostname();
    const made = await api("POST", "/domains", { key: owner.key, body: { hostname: name } });
    const id = made.body.id as number;
    for (const [method, path, body] of [
      ["GET", `/domains/${id}`, undefined],
      ["PATCH", `/domains/${id}`, { is_default: true }],
      ["POST", `/domains/${id}/verify`, undefined],
      ["DELETE", `/domains/${id}`, undefined],
    ] as const) {
      const theirs = await api(method, path, { key: stranger.key, body });
      const missing = await api(method, path.replace(String(id), "2000000000"), { key: stranger.key, body });
      expect([theirs.status, theirs.body]).toEqual([404, missing.body]);
    }
    expect((await api("GET", "/domains", { key: stranger.key })).body).toEqual([]);
    const verified = await api("POST", `/domains/${id}/verify`, { key: owner.key });
    expect(verified).toMatchObject({ status: 200, body: { state: "active" } });
    expect((await api("DELETE", `/domains/${id}`, { key: owner.key })).status).toBe(200);
    expect((await api("GET", `/domains/${id}`, { key: owner.key })).status).toBe(404);
    // Given up, the hostname may be claimed by another workspace.
    expect((await api("POST", "/domains", { key: stranger.key, body: { hostname: name } })).status).toBe(201);
  });

  it("production without a provider answers 503; the none provider is refused where keys are required", async () => {
    const production = { ADMIN_API_KEY: ADMIN_KEY, REQUIRE_API_KEYS: "true" };
    const off = await callApi("POST", "/domains", {
      key: ADMIN_KEY,
      overrides: production,
      body: { hostname: hostname() },
    });
    expect(off).toMatchObject({
      status: 503,
      body: { error: "custom domains are off: the deployment sets no DOMAIN_PROVIDER" },
    });
    const refused = ConfigSchema.safeParse({ REQUIRE_API_KEYS: "true", DOMAIN_PROVIDER: "none" });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain("must not be none with REQUIRE_API_KEYS=true");
  });
});
