// The web app's domains page (issue 31, workspace settings): an owner or admin adds a custom domain
// through the form (each refusal next to its field in the API's words), sees the DNS records to create
// (marked for the copy script, served under its hashed name), verifies it now, makes it the default and
// deletes it (refused while a link uses it); a viewer reads the list with no form; another workspace's
// domain is a 404. Domains are proven by Cloudflare for SaaS against the local fake Cloudflare API
// (scripts/lib/fake-cloudflare-api.ts), each test its own zone.
import { describe, expect, it } from "vitest";
import { TEST_DESTINATIONS_URL, unique } from "../harness";
import {
  ADMIN_KEY,
  api,
  newPerson,
  type Options,
  ORIGIN,
  overrides,
  sessionWriteHeaders,
  signIn,
} from "../session-harness";

/** A deployment with keys required and Cloudflare for SaaS as the domain provider, on its own zone. */
function deployment() {
  const zone = unique("zone").replace(/[^a-z0-9]/gi, "");
  const withDomains = {
    ...overrides,
    SERVICE_HOSTS: "links.example.test,linkscope.test",
    DOMAIN_PROVIDER: "cloudflare-saas",
    CLOUDFLARE_ZONE_ID: zone,
    CLOUDFLARE_API_TOKEN: "test-token",
    CLOUDFLARE_API_URL: `${TEST_DESTINATIONS_URL}/cloudflare/client/v4`,
  };
  const call = (method: string, path: string, options: Options = {}) =>
    api(method, path, { ...options, overrides: withDomains });
  /** What Cloudflare says of a hostname now. */
  const cloudflare = async (change: Record<string, unknown>) => {
    const answer = await fetch(`${TEST_DESTINATIONS_URL}/cloudflare/__control`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ zone_id: zone, ...change }),
    });
    expect(answer.status).toBe(200);
  };
  return { call, cloudflare };
}

const hostname = () =>
  `go.${unique("web")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;

/** A person signed in to their own workspace (its owner): cookie, CSRF token and the form poster. */
async function owner(call: ReturnType<typeof deployment>["call"]) {
  const cookie = await signIn((await newPerson()).email);
  const write = await sessionWriteHeaders(cookie);
  const csrf = write["X-CSRF-Token"] as string;
  const post = (path: string, form: Record<string, string> = {}) =>
    call("POST", path, { form: { csrf_token: csrf, ...form }, headers: { Cookie: cookie, Origin: ORIGIN } });
  const page = async () => call("GET", "/app/domains", { headers: { Cookie: cookie } });
  return { cookie, write, csrf, post, page };
}

const cardOf = (html: string, id: number) => {
  const start = html.indexOf(`id="domain-${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</article>", start));
};

describe("the web app's domains page", () => {
  it("an owner adds a domain through the form, sees its DNS records, verifies it, makes it the default", async () => {
    const { call, cloudflare } = deployment();
    const me = await owner(call);
    const empty = await me.page();
    expect(empty.status).toBe(200);
    expect(String(empty.body)).toContain('href="/app/domains" aria-current="page"');
    expect(String(empty.body)).toContain("No custom domains yet");
    expect(String(empty.body)).toContain('action="/app/domains"');
    // Nothing to copy: no copy script.
    expect(String(empty.body)).not.toContain('<script src="/app/assets/copy-buttons-');

    // A hostname the API refuses: its words next to the field, what was typed kept.
    const bad = await me.post("/app/domains", {
      hostname: "https://go.example.com/x",
      root_redirect: "https://www.example.org/home",
    });
    expect(bad.status).toBe(400);
    expect(String(bad.body)).toMatch(/id="domain-hostname-error">hostname must be a bare hostname/);
    expect(String(bad.body)).toContain('aria-invalid="true"');
    expect(String(bad.body)).toContain('value="https://go.example.com/x"');
    expect(String(bad.body)).toContain('value="https://www.example.org/home"');
    const badRedirect = await me.post("/app/domains", { hostname: hostname(), root_redirect: "javascript:alert(1)" });
    expect(badRedirect.status).toBe(400);
    expect(String(badRedirect.body)).toMatch(/id="domain-root_redirect-error">root_redirect/);

    // A name another workspace holds: the API's 409, next to the field.
    const claimed = hostname();
    const theirs = await call("POST", "/domains", { key: ADMIN_KEY, body: { hostname: claimed } });
    expect(theirs.status).toBe(201);
    const taken = await me.post("/app/domains", { hostname: claimed });
    expect(taken.status).toBe(400);
    expect(String(taken.body)).toMatch(
      /id="domain-hostname-error">hostname is already claimed: a hostname belongs to one workspace/,
    );

    // Domains off (keys required, no provider): the form's error, the typed name kept.
    const name = hostname();
    const off = await api("POST", "/app/domains", {
      form: { csrf_token: me.csrf, hostname: name },
      headers: { Cookie: me.cookie, Origin: ORIGIN },
    });
    expect(off.status).toBe(503);
    expect(String(off.body)).toContain("custom domains are off: the deployment sets no DOMAIN_PROVIDER");
    expect(String(off.body)).toContain(`value="${name}"`);

    const added = await me.post("/app/domains", {
      hostname: name.toUpperCase(),
      not_found_redirect: "https://www.example.org/missing",
    });
    expect(added.status).toBe(303);
    const location = added.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/app\/domains\?done=added#domain-\d+$/);
    const id = Number(location.split("#domain-")[1]);
    const listed = String((await call("GET", location.split("#")[0] ?? "", { headers: { Cookie: me.cookie } })).body);
    expect(listed).toContain("Domain added");
    const card = cardOf(listed, id);
    expect(card).toContain(`<h2 id="domain-${id}-name">${name}</h2>`);
    expect(card).toContain('<dd class="domain-pending">pending</dd>');
    expect(card).toContain('<dd class="ownership-pending">pending</dd>');
    expect(card).toContain('<dd class="certificate-pending">pending: being issued</dd>');
    expect(card).toContain("https://www.example.org/missing");
    // The records to create, each value in a read-only field with its own name.
    const api201 = (await call("GET", `/domains/${id}`, { headers: { Cookie: me.cookie } })).body;
    const records = api201.dns_records as { type: string; name: string; value: string }[];
    expect(records.map((record) => record.type)).toEqual(["CNAME", "TXT"]);
    for (const record of records) {
      for (const [part, value] of [
        ["name", record.name],
        ["value", record.value],
      ]) {
        expect(card).toContain(`readonly="" value="${value}" aria-label="${record.type} record ${part} for ${name}"`);
      }
    }
    expect(card).toContain('value="links.example.test"');
    // Copy buttons are the script's (progressive enhancement): the page marks each field with what it
    // holds (the button's name) and renders no button, so it works the same without JavaScript.
    for (const record of records) {
      for (const part of ["name", "value"]) {
        expect(card).toContain(`data-copy="the ${part} of the ${record.type} record for ${name}"`);
      }
    }
    expect(card).not.toContain(">Copy<");
    const script = /<script src="(\/app\/assets\/copy-buttons-[0-9a-f]{8}\.js)"><\/script>/.exec(listed)?.[1];
    expect(script).toBeDefined();
    const asset = await call("GET", script ?? "");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(String(asset.body)).toContain("input[data-copy]");
    expect(String(asset.body)).toContain("navigator.clipboard");
    // Another name is not an asset.
    expect((await call("GET", "/app/assets/copy-buttons-00000000.js")).status).toBe(404);
    expect(card).toContain(`action="/app/domains/${id}/verify"`);
    expect(card).toContain('name="csrf_token"');

    // Verify now: Cloudflare has validated the CNAME and issued the certificate.
    await cloudflare({ hostname: name, status: "active", ssl_status: "active" });
    const checked = await me.post(`/app/domains/${id}/verify`);
    expect([checked.status, checked.headers.get("Location")]).toEqual([303, `/app/domains?done=checked#domain-${id}`]);
    const live = cardOf(String((await me.page()).body), id);
    expect(live).toContain('<dd class="domain-active">active</dd>');
    expect(live).toContain('<dd class="ownership-verified">verified</dd>');
    expect(live).toContain('<dd class="certificate-active">active</dd>');
    expect(live).toMatch(/<dt>Checked<\/dt><dd><time datetime="[\d-]+T[\d:]+Z">/);

    // The CNAME moved away: unhealthy, with Cloudflare's words.
    await cloudflare({ hostname: name, status: "moved", verification_errors: ["custom hostname does not CNAME"] });
    expect((await me.post(`/app/domains/${id}/verify`)).status).toBe(303);
    const moved = cardOf(String((await me.page()).body), id);
    expect(moved).toContain('<dd class="domain-unhealthy">unhealthy</dd>');
    expect(moved).toContain("custom hostname does not CNAME");

    // The default for new links, and back.
    expect((await me.post(`/app/domains/${id}/default`, { is_default: "true" })).status).toBe(303);
    const asDefault = cardOf(String((await me.page()).body), id);
    expect(asDefault).toContain("default for new links");
    expect(asDefault).toContain("Stop being the default");
    expect((await call("GET", `/domains/${id}`, { headers: { Cookie: me.cookie } })).body.is_default).toBe(true);
    expect((await me.post(`/app/domains/${id}/default`, { is_default: "false" })).status).toBe(303);
    expect((await call("GET", `/domains/${id}`, { headers: { Cookie: me.cookie } })).body.is_default).toBe(false);

    // Without the session's CSRF token nothing changes.
    const forged = await call("POST", `/app/domains/${id}/delete`, {
      form: {},
      headers: { Cookie: me.cookie, Origin: ORIGIN },
    });
    expect(forged.status).toBe(403);
  });

  it("delete is refused with the count while a link uses the domain, and gives an unused one up", async () => {
    const { call } = deployment();
    const me = await owner(call);
    const [used, unused] = [hostname(), hostname()];
    const ids: number[] = [];
    for (const name of [used, unused]) {
      const added = await me.post("/app/domains", { hostname: name });
      expect(added.status).toBe(303);
      ids.push(Number((added.headers.get("Location") ?? "").split("#domain-")[1]));
    }
    const [usedId, unusedId] = ids as [number, number];
    const link = await api("POST", "/urls", {
      headers: me.write,
      body: { original_url: "https://example.com/on-the-domain", domain: used },
    });
    expect([link.status, link.body.domain]).toEqual([201, used]);

    const refused = await me.post(`/app/domains/${usedId}/delete`);
    expect(refused.status).toBe(400);
    const card = cardOf(String(refused.body), usedId);
    expect(card).toContain(
      `<p class="error" role="alert">1 link (deleted ones included) still use ${used}: move them to another domain first</p>`,
    );
    expect((await call("GET", `/domains/${usedId}`, { headers: { Cookie: me.cookie } })).status).toBe(200);

    const deleted = await me.post(`/app/domains/${unusedId}/delete`);
    expect([deleted.status, deleted.headers.get("Location")]).toEqual([303, "/app/domains?done=deleted"]);
    const after = String((await call("GET", "/app/domains?done=deleted", { headers: { Cookie: me.cookie } })).body);
    expect(after).toContain("Domain deleted");
    expect(after).toContain(used);
    expect(after).not.toContain(unused);
    // Deleted once: a second post finds nothing.
    expect((await me.post(`/app/domains/${unusedId}/delete`)).status).toBe(404);
  });

  it("a viewer reads the team's domains with no form; another workspace's domain is a 404", async () => {
    const { call } = deployment();
    const [teamOwner, viewer] = [await newPerson(), await newPerson()];
    const team = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: teamOwner.id },
    });
    expect(team.status).toBe(201);
    const teamId = team.body.id as number;
    const member = await api("PUT", `/workspaces/${teamId}/members/${viewer.id}`, {
      key: ADMIN_KEY,
      body: { role: "viewer" },
    });
    expect(member.status).toBe(200);
    const name = hostname();
    const made = await call("POST", "/domains", {
      key: ADMIN_KEY,
      headers: { "X-Workspace-Id": String(teamId) },
      body: { hostname: name },
    });
    expect(made.status).toBe(201);
    const domainId = made.body.id as number;
    const txt = (made.body.dns_records as { type: string; value: string }[]).find((record) => record.type === "TXT");

    // The viewer, switched to the team with the top bar's form.
    const cookie = await signIn(viewer.email);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
    const switched = await api("POST", "/app/workspace", {
      form: { csrf_token: csrf as string, workspace_id: String(teamId) },
      headers: { Cookie: cookie, Origin: ORIGIN },
    });
    expect(switched.status).toBe(303);
    const cookies = `${cookie}; ls_workspace=${teamId}`;
    const shown = await call("GET", "/app/domains", { headers: { Cookie: cookies } });
    expect(shown.status).toBe(200);
    const html = String(shown.body);
    expect(html).toContain(`<h2 id="domain-${domainId}-name">${name}</h2>`);
    expect(html).toContain(`value="${txt?.value}"`);
    // Reading is enough to copy: the viewer's page loads the copy script too.
    expect(html).toMatch(/<script src="\/app\/assets\/copy-buttons-[0-9a-f]{8}\.js"><\/script>/);
    expect(html).toContain("(viewer) can read its domains");
    expect(html).not.toContain('action="/app/domains');
    expect(html).not.toContain("Verify now");
    expect(html).not.toContain("Add a domain");
    const tried = await call("POST", `/app/domains/${domainId}/delete`, {
      form: { csrf_token: csrf as string },
      headers: { Cookie: cookies, Origin: ORIGIN },
    });
    expect(tried.status).toBe(403);
    expect(String(tried.body)).toContain("cannot do this: it needs workspace:admin");
    const added = await call("POST", "/app/domains", {
      form: { csrf_token: csrf as string, hostname: hostname() },
      headers: { Cookie: cookies, Origin: ORIGIN },
    });
    expect(added.status).toBe(403);

    // An owner of another workspace: the team's domain is not there for them.
    const stranger = await owner(call);
    for (const verb of ["delete", "verify", "default"]) {
      const answer = await stranger.post(`/app/domains/${domainId}/${verb}`);
      expect({ verb, status: answer.status }).toEqual({ verb, status: 404 });
    }
    expect(String((await stranger.page()).body)).not.toContain(name);
    const still = await call("GET", `/domains/${domainId}`, {
      key: ADMIN_KEY,
      headers: { "X-Workspace-Id": String(teamId) },
    });
    expect([still.status, still.body.is_default]).toEqual([200, false]);
  });
});
