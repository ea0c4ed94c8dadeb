// A link's page in the web app (issue 31): its destination's health at a glance with its changes of
// state (the health_changed events), "Check now" through POST /urls/{id}/health/check's use case (an
// editor's only, with the session's CSRF token; too soon is a 429 page, never a 500); the QR code's
// download form, whose defaults the API answers with an image; and the link's anomaly alerts.
import { afterAll, describe, expect, it } from "vitest";
import { ALLOW_PRIVATE, openTestDatabase, TEST_DESTINATIONS_URL as SERVER, unique } from "../harness";
import { ADMIN_KEY, api, newPerson, ORIGIN, overrides, sessionWriteHeaders, signIn } from "../session-harness";

const database = openTestDatabase();
afterAll(() => database.close());

// Links to the test destination server (a loopback address) and their checks need this setting,
// which a deployment that requires keys refuses: sessions work the same with keys optional.
const LOCAL = { ...overrides, ...ALLOW_PRIVATE, REQUIRE_API_KEYS: "false" };
const page = (path: string, cookie: string) => api("GET", path, { headers: { Cookie: cookie }, overrides: LOCAL });

async function signedInWithLink(behaviour: string) {
  const person = await newPerson();
  const cookie = await signIn(person.email);
  const write = await sessionWriteHeaders(cookie);
  const made = await api("POST", "/urls", {
    headers: write,
    body: { original_url: `${SERVER}/${unique("web-health")}/${behaviour}`, title: unique("Health") },
    overrides: LOCAL,
  });
  expect(made.status).toBe(201);
  return { cookie, csrf: write["X-CSRF-Token"] as string, id: made.body.id as number };
}

const checkNow = (id: number, cookie: string, form: Record<string, string>) =>
  api("POST", `/app/links/${id}/check`, { form, headers: { Cookie: cookie, Origin: ORIGIN }, overrides: LOCAL });

/** The section of the page with this heading id, to assert on it alone. */
function sectionOf(html: string, headingId: string): string {
  const start = html.indexOf(`id="${headingId}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

/** What a browser sends for a GET form left as it is: its named inputs' values, unchecked boxes left out. */
function defaultQuery(form: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const type = /\btype="([^"]*)"/.exec(input)?.[1] ?? "text";
    if (!name || ((type === "radio" || type === "checkbox") && !/\bchecked\b/.test(input))) continue;
    query.append(name, /\bvalue="([^"]*)"/.exec(input)?.[1] ?? "");
  }
  return query;
}

describe("a link's page: health, check now, QR options, anomaly alerts", () => {
  it("shows the destination's health; Check now checks it, records the change and shows it in the history", async () => {
    const { cookie, csrf, id } = await signedInWithLink("missing");
    const before = String((await page(`/app/links/${id}`, cookie)).body);
    const health = sectionOf(before, "health-title");
    expect(health).toContain("Not checked yet");
    expect(health).toContain("<dt>Last checked</dt><dd>never</dd>");
    expect(health).toContain("None recorded yet.");
    expect(health).toContain(`action="/app/links/${id}/check"`);
    expect(health).toContain('name="csrf_token"');

    const checked = await checkNow(id, cookie, { csrf_token: csrf });
    expect([checked.status, checked.headers.get("Location")]).toEqual([303, `/app/links/${id}?checked#health-title`]);
    const after = String((await page(`/app/links/${id}?checked`, cookie)).body);
    const shown = sectionOf(after, "health-title");
    expect(shown).toContain("Checked just now.");
    expect(shown).toContain('<strong class="health-suspect">Suspect</strong>');
    expect(shown).toContain("<dt>HTTP status</dt><dd>404</dd>");
    expect(shown).toContain("<dt>What failed</dt><dd>it answered HTTP 404</dd>");
    expect(shown).toMatch(/<dt>Failed checks in a row<\/dt><dd>1, since <time datetime="[^"]+">/);
    expect(shown).toMatch(/<dt>Answered in<\/dt><dd>\d+(\.\d)? m?s<\/dd>/);
    expect(shown).toMatch(/<dt>Next check<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ minutes?\)<\/dd>/);
    // Its history: the change of state, in words (also in the link's audit trail).
    expect(shown).toMatch(
      /<li><time datetime="[^"]+">[^<]+<\/time> Not checked yet → Suspect: it answered HTTP 404<\/li>/,
    );
    const events = await api("GET", `/urls/${id}/events`, { headers: { Cookie: cookie } });
    expect((events.body as { event_type: string; details: unknown }[]).at(-1)).toMatchObject({
      event_type: "health_changed",
      details: { from: "unknown", to: "suspect", status: 404, error: "http_status" },
    });

    // Again at once: the API's 429, as the page's status and in its words, never a 500.
    const again = await checkNow(id, cookie, { csrf_token: csrf });
    expect(again.status).toBe(429);
    expect(String(again.body)).toMatch(/role="alert">this link was checked less than a minute ago: try again in \d+ s/);
    expect(String(again.body)).toContain('<strong class="health-suspect">Suspect</strong>');

    // A check that keeps the state adds nothing to the history.
    await database.db.execute(`UPDATE urls SET health_checked_at = now() - interval '2 minutes' WHERE id = ${id}`);
    expect((await checkNow(id, cookie, { csrf_token: csrf })).status).toBe(303);
    const third = sectionOf(String((await page(`/app/links/${id}`, cookie)).body), "health-title");
    expect(third.match(/→/g)).toHaveLength(1);
    expect(third).toMatch(/<dt>Failed checks in a row<\/dt><dd>2, since/);
  });

  it("a healthy destination that answers from elsewhere says where", async () => {
    const { cookie, csrf, id } = await signedInWithLink("moved");
    expect((await checkNow(id, cookie, { csrf_token: csrf })).status).toBe(303);
    const shown = sectionOf(String((await page(`/app/links/${id}`, cookie)).body), "health-title");
    expect(shown).toContain('<strong class="health-moved">Moved</strong>');
    expect(shown).toMatch(/<dt>Now answers from<\/dt><dd>http:\/\/[^<]+ \(after 1 redirect\)<\/dd>/);
    expect(shown).toMatch(/Not checked yet → Moved: it answers from http/);
  });

  it("without the CSRF token the check is refused; another workspace's link is not found", async () => {
    const { cookie, id } = await signedInWithLink("ok");
    expect((await checkNow(id, cookie, {})).status).toBe(403);
    expect((await checkNow(id, cookie, { csrf_token: "x".repeat(43) })).status).toBe(403);
    const stranger = await newPerson();
    const strangerCookie = await signIn(stranger.email);
    const { "X-CSRF-Token": strangerCsrf } = await sessionWriteHeaders(strangerCookie);
    expect((await page(`/app/links/${id}`, strangerCookie)).status).toBe(404);
    const foreign = await checkNow(id, strangerCookie, { csrf_token: strangerCsrf as string });
    expect(foreign.status).toBe(404);
    expect(String(foreign.body)).toContain("There is no such link in this workspace.");
    // Neither request checked it.
    const [row] = (await database.db.execute(`SELECT health_checked_at FROM urls WHERE id = ${id}`)).rows;
    expect(row).toEqual({ health_checked_at: null });
  });

  it("a viewer sees the health and no Check now; the post is refused for the role", async () => {
    const [owner, viewer] = [await newPerson(), await newPerson()];
    const made = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: owner.id },
    });
    expect(made.status).toBe(201);
    const teamId = made.body.id as number;
    const member = await api("PUT", `/workspaces/${teamId}/members/${viewer.id}`, {
      key: ADMIN_KEY,
      body: { role: "viewer" },
    });
    expect(member.status).toBe(200);
    const link = await api("POST", "/urls", {
      key: ADMIN_KEY,
      headers: { "X-Workspace-Id": String(teamId) },
      body: { original_url: `${SERVER}/${unique("web-health")}/ok`, title: unique("Team health") },
      overrides: LOCAL,
    });
    expect(link.status).toBe(201);
    const cookie = await signIn(viewer.email);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
    const cookies = `${cookie}; ls_workspace=${teamId}`;
    const shown = await page(`/app/links/${link.body.id}`, cookies);
    expect(shown.status).toBe(200);
    const health = sectionOf(String(shown.body), "health-title");
    expect(health).toContain("Not checked yet");
    expect(health).not.toContain("/check");
    const refused = await checkNow(link.body.id as number, cookies, { csrf_token: csrf as string });
    expect([refused.status, String(refused.body).includes("it needs links:write")]).toEqual([403, true]);
  });

  it("the QR form asks for its image with exactly the API's parameters; its defaults answer an image", async () => {
    const { cookie, id } = await signedInWithLink("ok");
    const html = String((await page(`/app/links/${id}`, cookie)).body);
    const start = html.indexOf('<form class="qr-options"');
    const form = html.slice(start, html.indexOf("</form>", start));
    expect(form).toContain(`method="get" action="/app/links/${id}/qr.png"`);
    expect(form).toContain(`formaction="/app/links/${id}/qr.svg"`);
    expect(form).not.toContain("csrf_token");
    expect(form).toMatch(/name="size" type="number"[^>]*min="128" max="2048"/);
    expect(form).toMatch(/name="margin" type="number"[^>]*min="0" max="16"/);
    expect(form).toContain('name="fg" type="color" value="#000000"');
    expect(form).toContain('name="bg" type="color" value="#ffffff"');
    for (const level of ["L", "M", "Q", "H"]) expect(form).toContain(`type="radio" name="ecc" value="${level}"`);
    expect(form).toContain('type="checkbox" name="logo" value="true"');
    // Every field has its label.
    for (const field of ["size", "margin", "fg", "bg"]) expect(form).toContain(`<label for="qr-${field}">`);

    const query = defaultQuery(form);
    expect([...query.keys()].sort()).toEqual(["bg", "fg", "margin", "size"]);
    const png = await api("GET", `/app/links/${id}/qr.png?${query}`, { headers: { Cookie: cookie } });
    expect([png.status, png.headers.get("Content-Type")]).toEqual([200, "image/png"]);
    const svg = await api("GET", `/app/links/${id}/qr.svg?${query}`, { headers: { Cookie: cookie } });
    expect([svg.status, svg.headers.get("Content-Type")]).toEqual([200, "image/svg+xml"]);
    // The logo box with no level chosen, and each level at the smallest size with the largest margin.
    query.set("logo", "true");
    expect((await api("GET", `/app/links/${id}/qr.png?${query}`, { headers: { Cookie: cookie } })).status).toBe(200);
    query.delete("logo");
    query.set("size", "128");
    query.set("margin", "16");
    for (const level of ["L", "M", "Q", "H"]) {
      query.set("ecc", level);
      expect((await api("GET", `/app/links/${id}/qr.svg?${query}`, { headers: { Cookie: cookie } })).status).toBe(200);
    }
  });

  it("shows the link's anomaly alerts in words, the operators' own kind left out; nothing when none", async () => {
    const { cookie, id } = await signedInWithLink("ok");
    expect(String((await page(`/app/links/${id}`, cookie)).body)).not.toContain("Traffic alerts");
    const since = "2026-11-20T10:00:00Z";
    await database.db.execute(`
      INSERT INTO link_anomalies (url_id, kind, state, since, episode, consecutive, value, threshold, detail, evaluated_at)
      VALUES (${id}, 'spike', 'firing', '${since}', 2, 1, 412, 60, '412 human clicks in the hour; baseline 12 for this hour of the week', now()),
             (${id}, 'bot_share', 'resolved', '${since}', 1, 0, 0.1, 0.5, '2 of 20 clicks in the hour came from bots', now()),
             (${id}, 'drop', 'inactive', NULL, 0, 0, 0, 20, '', now()),
             (${id}, 'destination_changed_then_spike', 'firing', '${since}', 1, 1, 412, 60, 'the destination moved', now())`);
    const html = String((await page(`/app/links/${id}`, cookie)).body);
    const alerts = sectionOf(html, "anomalies-title");
    expect(alerts).toContain("Traffic alerts");
    expect(alerts).toMatch(
      /<strong>Firing:<\/strong> Spike, far more clicks by people than usual for this hour of the week \(since <time datetime="2026-11-20T10:00:00.000Z">2026-11-20 10:00 UTC, /,
    );
    expect(alerts).toContain("412 clicks by people in the hour; alerts above 60.");
    expect(alerts).toContain("It has fired 2 times.");
    expect(alerts).toContain("<strong>Resolved:</strong> Bot flood");
    expect(alerts).toContain("10% of clicks from bots; alerts above 50%.");
    // Firing first; a kind that never fired and the phishing pattern (the operators') are not shown.
    expect(alerts.indexOf("Firing:")).toBeLessThan(alerts.indexOf("Resolved:"));
    expect(alerts).not.toContain("Drop");
    expect(alerts).not.toContain("the destination moved");
    expect(new TextEncoder().encode(html).length).toBeLessThan(60_000);
  });
});
