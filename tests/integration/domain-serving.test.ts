// Links on custom domains (issue 30): a link is (domain, code), the redirect finds it by the request's
// host from every cache tier, a domain answers its root, unknown codes, expired links and app files
// as its owners set them, and a host nobody serves (or a custom domain's path outside its links) is a
// 404 page, never another workspace's link nor the management API.
import { describe, expect, it } from "vitest";
import { clearIsolateHosts } from "../../worker/cache/host-cache";
import { clearIsolateRedirects } from "../../worker/cache/link-cache";
import { callApi, callWorker, DEAD_DATABASE, scrapePrometheus, seriesValue, unique } from "../harness";

const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
const overrides = { ADMIN_API_KEY: ADMIN_KEY, SERVICE_HOSTS: "links.example.test,linkscope.test" };
type Options = Parameters<typeof callApi>[2];
const api = (method: string, path: string, options: Options = {}) => callApi(method, path, { overrides, ...options });

/** A redirect request on `host` (settled, so its cache fills have run). */
async function visit(host: string, path: string, init: RequestInit = {}, extra: Record<string, string> = {}) {
  const { response, settled } = await callWorker(
    `http://${host}${path}`,
    { redirect: "manual", ...init },
    { ...overrides, ...extra },
  );
  const body = await response.text();
  await settled();
  return { status: response.status, location: response.headers.get("Location"), body, headers: response.headers };
}

async function team() {
  const name = unique("serve");
  const user = await api("POST", "/users", { key: ADMIN_KEY, body: { username: name, email: `${name}@example.test` } });
  const key = await api("POST", `/users/${user.body.id}/api-keys`, { key: ADMIN_KEY });
  expect([user.status, key.status]).toEqual([201, 201]);
  return { key: key.body.key as string };
}

const hostname = (label = "go") =>
  `${label}.${unique("s")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;

async function claim(key: string, body: Record<string, unknown> = {}) {
  const name = hostname();
  const made = await api("POST", "/domains", { key, body: { hostname: name, ...body } });
  expect(made.status).toBe(201);
  expect(made.body.state).toBe("active");
  return { id: made.body.id as number, hostname: name };
}

async function link(key: string, body: Record<string, unknown>) {
  const made = await api("POST", "/urls", { key, body });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body as { id: number; short_code: string; domain: string | null };
}

describe("links on custom domains", () => {
  it("the same code on two domains and the default one leads to three destinations, from every tier", async () => {
    const { key } = await team();
    const [one, two] = [await claim(key), await claim(key)];
    const code = unique("same").replace(/[^A-Za-z0-9_-]/g, "");
    const onDefault = await link(key, { original_url: "https://example.com/default", short_code: code });
    const onOne = await link(key, { original_url: "https://example.com/one", short_code: code, domain: one.hostname });
    await link(key, { original_url: "https://example.com/two", short_code: code, domain: two.hostname.toUpperCase() });
    expect([onDefault.domain, onOne.domain]).toEqual([null, one.hostname]);
    // The audit trail says where a link was made.
    const events = await api("GET", `/urls/${onOne.id}/events`, { key });
    expect(events.body[0]).toMatchObject({
      event_type: "created",
      details: { short_code: code, domain: one.hostname },
    });
    const expected = [
      ["linkscope.test", "https://example.com/default"],
      [one.hostname, "https://example.com/one"],
      [two.hostname, "https://example.com/two"],
    ];
    // Postgres, then the isolate, then Redis (the isolate forgotten).
    for (const round of ["database", "isolate", "redis"]) {
      if (round === "redis") {
        clearIsolateRedirects();
        clearIsolateHosts();
      }
      for (const [host, destination] of expected) {
        const answer = await visit(host as string, `/${code}`);
        expect([round, answer.status, answer.location]).toEqual([round, 302, destination]);
      }
    }
    // A code taken on a domain is a 409 that names it; free on another domain it is fine.
    const taken = await api("POST", "/urls", {
      key,
      body: { original_url: "https://example.com/x", short_code: code, domain: one.hostname },
    });
    expect([taken.status, taken.body.error]).toEqual([409, `short_code already exists on ${one.hostname}`]);
  });

  it("a link moves between domains: its old address stops at once and its new one answers", async () => {
    const { key } = await team();
    const [one, two] = [await claim(key), await claim(key)];
    const made = await link(key, { original_url: "https://example.com/moving", domain: one.hostname });
    expect((await visit(one.hostname, `/${made.short_code}`)).status).toBe(302);
    expect((await visit(two.hostname, `/${made.short_code}`)).status).toBe(404); // cached as unknown there
    const moved = await api("PATCH", `/urls/${made.id}`, { key, body: { domain: two.hostname } });
    expect([moved.status, moved.body.domain]).toEqual([200, two.hostname]);
    expect((await visit(one.hostname, `/${made.short_code}`)).status).toBe(404);
    expect((await visit(two.hostname, `/${made.short_code}`)).location).toBe("https://example.com/moving");
    // Back to the default domain with null; a domain of no workspace of the caller's is a 400 naming the field.
    const home = await api("PATCH", `/urls/${made.id}`, { key, body: { domain: null } });
    expect([home.status, home.body.domain]).toEqual([200, null]);
    expect((await visit("linkscope.test", `/${made.short_code}`)).status).toBe(302);
    const other = await claim((await team()).key);
    const foreign = await api("PATCH", `/urls/${made.id}`, { key, body: { domain: other.hostname } });
    expect([foreign.status, foreign.body.error]).toEqual([
      400,
      `domain "${other.hostname}" is not one of this workspace's domains`,
    ]);
    const bad = await api("POST", "/urls", { key, body: { original_url: "https://example.com/", domain: 42 } });
    expect([bad.status, bad.body.error]).toEqual([400, "domain must be a hostname or null"]);
  });

  it("a workspace's default domain takes new links; a domain with links cannot be deleted", async () => {
    const { key } = await team();
    const main = await claim(key, { is_default: true });
    const made = await link(key, { original_url: "https://example.com/defaulted" });
    expect(made.domain).toBe(main.hostname);
    expect((await visit(main.hostname, `/${made.short_code}`)).status).toBe(302);
    // Deleted (soft) links keep their domain too: the count says so.
    await api("DELETE", `/urls/${made.id}`, { key });
    const refused = await api("DELETE", `/domains/${main.id}`, { key });
    expect([refused.status, refused.body.error]).toEqual([
      409,
      `1 link (deleted ones included) still use ${main.hostname}: move them to another domain first`,
    ]);
    expect((await api("PATCH", `/urls/${made.id}`, { key, body: { domain: null } })).status).toBe(200);
    expect((await api("DELETE", `/domains/${main.id}`, { key })).status).toBe(200);
    // The deleted domain's host serves nothing at once.
    expect((await visit(main.hostname, `/${made.short_code}`)).status).toBe(404);
  });

  it("a domain's root, unknown codes and expired links go where its owners say", async () => {
    const { key } = await team();
    const plain = await claim(key);
    const root = await visit(plain.hostname, "/", { headers: { Accept: "text/html" } });
    expect(root.status).toBe(200);
    expect(root.body).toContain("This domain serves short links");
    expect(root.body.toLowerCase()).not.toContain("linkscope");
    const missing = await visit(plain.hostname, "/no-such-code", { headers: { Accept: "text/html" } });
    expect([missing.status, missing.body.includes("Nothing here")]).toEqual([404, true]);

    const set = await claim(key, {
      root_redirect: "https://brand.example.org/",
      not_found_redirect: "https://brand.example.org/missing",
      expired_url: "https://brand.example.org/expired",
    });
    expect((await visit(set.hostname, "/")).location).toBe("https://brand.example.org/");
    expect((await visit(set.hostname, "/no-such-code")).location).toBe("https://brand.example.org/missing");
    const made = await link(key, { original_url: "https://example.com/soon-over", domain: set.hostname });
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await api("PATCH", `/urls/${made.id}`, { key, body: { expires_at: past } })).status).toBe(200);
    expect((await visit(set.hostname, `/${made.short_code}`)).location).toBe("https://brand.example.org/expired");
    // The link's own expired_url comes first.
    const own = { expired_url: "https://example.com/own-expired" };
    expect((await api("PATCH", `/urls/${made.id}`, { key, body: own })).status).toBe(200);
    expect((await visit(set.hostname, `/${made.short_code}`)).location).toBe("https://example.com/own-expired");
    // A change of the domain's settings is seen at once.
    const edited = await api("PATCH", `/domains/${set.id}`, { key, body: { root_redirect: null } });
    expect(edited.status).toBe(200);
    expect((await visit(set.hostname, "/")).status).toBe(200);
  });

  it("serves the app-association files as stored, and 404 when unset", async () => {
    const { key } = await team();
    const apple = { applinks: { details: [{ appIDs: ["ABCDE12345.com.example.app"], components: [{ "/": "/*" }] }] } };
    const android = [
      { relation: ["delegate_permission/common.handle_all_urls"], target: { namespace: "android_app" } },
    ];
    const withFiles = await claim(key, { apple_app_site_association: apple });
    const served = await visit(withFiles.hostname, "/.well-known/apple-app-site-association");
    expect([served.status, served.headers.get("Content-Type"), JSON.parse(served.body)]).toEqual([
      200,
      "application/json",
      apple,
    ]);
    expect((await visit(withFiles.hostname, "/.well-known/assetlinks.json")).status).toBe(404);
    await api("PATCH", `/domains/${withFiles.id}`, { key, body: { assetlinks: android } });
    const links = await visit(withFiles.hostname, "/.well-known/assetlinks.json");
    expect([links.status, JSON.parse(links.body)]).toEqual([200, android]);
    // A file served once (and so cached in the isolate) is served as changed at once, and not once removed.
    const changed = [{ ...android[0], target: { namespace: "android_app", package_name: "test.linkscope.two" } }];
    await api("PATCH", `/domains/${withFiles.id}`, { key, body: { assetlinks: changed } });
    const again = await visit(withFiles.hostname, "/.well-known/assetlinks.json");
    expect([again.status, JSON.parse(again.body)]).toEqual([200, changed]);
    await api("PATCH", `/domains/${withFiles.id}`, { key, body: { assetlinks: null } });
    expect((await visit(withFiles.hostname, "/.well-known/assetlinks.json")).status).toBe(404);
  });

  it("a custom domain and a host nobody serves answer no API, dashboard or metrics: a 404 page", async () => {
    const { key } = await team();
    const domain = await claim(key);
    const made = await link(key, { original_url: "https://example.com/mine" });
    for (const host of [domain.hostname, "nobody.example.net"]) {
      for (const path of ["/urls", "/dashboard", "/metrics", "/health", `/urls/${made.id}`, "/openapi.json"]) {
        const answer = await visit(host, path, { headers: { Authorization: `Bearer ${key}` } });
        expect([host, path, answer.status]).toEqual([host, path, 404]);
        expect(answer.body).not.toContain("example.com/mine");
      }
    }
    // A default-domain code is not a link on a custom domain, nor on a host nobody serves.
    expect((await visit(domain.hostname, `/${made.short_code}`)).status).toBe(404);
    const unserved = await visit("nobody.example.net", `/${made.short_code}`, { headers: { Accept: "text/html" } });
    expect([unserved.status, unserved.body.includes("Nothing here")]).toEqual([404, true]);
    // Writing to the API through a custom domain is refused before anything is read.
    const post = await visit(domain.hostname, "/urls", {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ original_url: "https://example.com/sneaky" }),
    });
    expect(post.status).toBe(404);
  });

  it("imports place links on the workspace's claimed domains, and exports say each link's domain and short URL", async () => {
    const { key } = await team();
    const claimed = await claim(key);
    const code = unique("imp").replace(/[^A-Za-z0-9_-]/g, "");
    const csv = [
      "longUrl,shortCode,domain,title",
      `https://example.com/on-domain,${code},${claimed.hostname.toUpperCase()},On the domain`,
      `https://example.com/on-default,${code},,On the default`,
      `https://example.com/elsewhere,${code}-x,s.shlink.example,Elsewhere`,
      // The same code on the same domain again: taken, so renamed there.
      `https://example.com/again,${code},${claimed.hostname},Again`,
    ].join("\n");
    const answer = await callWorker(
      "/urls/import?source=shlink&on_conflict=rename",
      { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "text/csv" }, body: csv },
      overrides,
    );
    const report = (await answer.response.json()) as Record<string, unknown>;
    expect(answer.response.status, JSON.stringify(report)).toBe(201);
    expect(report).toMatchObject({ imported: 4, renamed: 1 });
    expect(report.warnings).toEqual([
      {
        row: 3,
        warning: `domain "s.shlink.example" is not one of this workspace's domains: imported on the service's own hosts`,
      },
    ]);
    expect((await visit(claimed.hostname, `/${code}`)).location).toBe("https://example.com/on-domain");
    expect((await visit("linkscope.test", `/${code}`)).location).toBe("https://example.com/on-default");
    const renamed = (report.renamed_rows as { to: string }[])[0]?.to;
    expect((await visit(claimed.hostname, `/${renamed}`)).location).toBe("https://example.com/again");

    const exported = await api("GET", `/urls/export.csv?q=${code}`, { key });
    expect(exported.status).toBe(200);
    const lines = String(exported.body).trim().split("\r\n");
    expect(lines[0]?.startsWith("id,short_code,domain,short_url,")).toBe(true);
    expect(
      lines.some((line) => line.includes(`,${code},${claimed.hostname},https://${claimed.hostname}/${code},`)),
    ).toBe(true);
    expect(lines.some((line) => line.includes(`,${code},,http://linkscope.test/${code},`))).toBe(true);
  });

  it("the operator's bulk import takes a domain column: a claimed hostname places the link in its workspace", async () => {
    const { key } = await team();
    const claimed = await claim(key);
    const code = unique("bulk").replace(/[^A-Za-z0-9_-]/g, "");
    const csv = [
      "short_code,original_url,domain",
      `${code},https://example.com/bulk-domain,${claimed.hostname}`,
      `${code},https://example.com/bulk-default,`,
      `${code},https://example.com/bulk-again,${claimed.hostname}`,
      `${code}-x,https://example.com/bulk-nowhere,nobody-claimed.example.org`,
    ].join("\n");
    const answer = await callWorker(
      "/urls/bulk",
      { method: "POST", headers: { Authorization: `Bearer ${ADMIN_KEY}`, "Content-Type": "text/csv" }, body: csv },
      overrides,
    );
    const report = (await answer.response.json()) as Record<string, unknown>;
    expect(answer.response.status, JSON.stringify(report)).toBe(201);
    expect(report).toMatchObject({
      imported: 2,
      skipped: 1,
      failed: 1,
      errors: [{ row: 4, error: 'domain "nobody-claimed.example.org" is not a claimed domain' }],
      skipped_rows: [{ row: 3, reason: "short_code already exists" }],
    });
    expect((await visit(claimed.hostname, `/${code}`)).location).toBe("https://example.com/bulk-domain");
    expect((await visit("linkscope.test", `/${code}`)).location).toBe("https://example.com/bulk-default");
    // The link on the domain is the domain's workspace's: its owners see it.
    const listed = await api("GET", `/urls?q=${code}`, { key });
    expect((listed.body as { domain: string | null }[]).map((url) => url.domain)).toEqual([claimed.hostname]);
  });

  it("a domain's stats count its links, their clicks per day and the unknown codes asked for there", async () => {
    const { key } = await team();
    const domain = await claim(key);
    const made = await link(key, { original_url: "https://example.com/counted", domain: domain.hostname });
    const metric = 'linkscope_custom_domain_redirects_total{outcome="unknown"}';
    const before = seriesValue(await scrapePrometheus(), metric, 0);
    const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" };
    expect((await visit(domain.hostname, `/${made.short_code}`, { headers: browser })).status).toBe(302);
    for (const code of ["nope-1", "nope-2", "nope-1"]) {
      expect((await visit(domain.hostname, `/${code}`)).status).toBe(404);
    }
    expect(seriesValue(await scrapePrometheus(), metric, 0) - before).toBeGreaterThanOrEqual(3);
    // Clicks reach the rollups through the queue: wait for this one.
    const deadline = Date.now() + 20_000;
    let stats = await api("GET", `/domains/${domain.id}/stats?days=7`, { key });
    while (stats.body.clicks?.total < 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stats = await api("GET", `/domains/${domain.id}/stats?days=7`, { key });
    }
    expect(stats.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.body).toMatchObject({
      domain_id: domain.id,
      hostname: domain.hostname,
      days: 7,
      links: { total: 1, active: 1 },
      clicks: { total: 1, human: 1 },
      unknown_codes: { total: 3 },
    });
    expect(stats.body.clicks.by_day).toHaveLength(7);
    expect(stats.body.clicks.by_day.at(-1)).toEqual({ day: today, clicks: 1, human: 1 });
    expect(stats.body.unknown_codes.by_day.at(-1)).toEqual({ day: today, requests: 3 });
    // Bad input names the field; another workspace's domain is as missing as none.
    const bad = await api("GET", `/domains/${domain.id}/stats?days=0`, { key });
    expect([bad.status, bad.body.error]).toEqual([400, "days must be an integer between 1 and 90"]);
    const stranger = await team();
    expect((await api("GET", `/domains/${domain.id}/stats`, { key: stranger.key })).status).toBe(404);
  });

  it("without SERVICE_HOSTS (npm run dev), a host nobody serves is the default domain", async () => {
    const made = await callApi("POST", "/urls", { body: { original_url: "https://example.com/dev" } });
    expect(made.status).toBe(201);
    const answer = await visit("anything.example.net", `/${made.body.short_code}`, {}, { SERVICE_HOSTS: "" });
    expect([answer.status, answer.location]).toEqual([302, "https://example.com/dev"]);
    // Postgres down, a host never seen: not knowing the host is no reason to refuse what the caches hold.
    const unseen = `${unique("fresh")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "")}.example.net`;
    const offline = await visit(unseen, `/${made.body.short_code}`, {}, { SERVICE_HOSTS: "", ...DEAD_DATABASE });
    expect([offline.status, offline.location]).toEqual([302, "https://example.com/dev"]);
  });
});
