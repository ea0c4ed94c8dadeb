// The link builder (issue 31) as a form without script: a link made with targeting rules and an A/B
// split, the API's refusals of the rules next to their inputs, every setting edited from
// /app/links/{id}/edit (only what changed is sent), the rules as one JSON text (the most the API takes
// still under 60 KB of page, or when asked), "try it", and the fragments htmx fetches (the code's
// availability, the preview and its QR code). A viewer is refused all of it; another workspace's link
// is not found.
import { describe, expect, it } from "vitest";
import { unique } from "../harness";
import { ADMIN_KEY, api, newPerson, ORIGIN, sessionWriteHeaders, signIn } from "../session-harness";

const page = (path: string, cookie: string) => api("GET", path, { headers: { Cookie: cookie } });

/** A signed-in person with their form poster (the session's CSRF token and our origin). */
async function editor() {
  const person = await newPerson();
  const cookie = await signIn(person.email);
  const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
  const post = (path: string, form: Record<string, string>) =>
    api("POST", path, { form: { csrf_token: csrf as string, ...form }, headers: { Cookie: cookie, Origin: ORIGIN } });
  return { person, cookie, csrf: csrf as string, post };
}

const decode = (text: string) =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
const attribute = (tag: string, name: string) => {
  const found = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return found === undefined ? undefined : decode(found);
};

/** What a browser would post from the page's form at `action`: its inputs, selected options and texts, as shown. */
function formOn(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  expect(start, `a form posting to ${action}`).toBeGreaterThan(0);
  const form = html.slice(start, html.indexOf("</form>", start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const name = attribute(tag, "name");
    if (name === undefined) continue;
    if (attribute(tag, "type") === "checkbox" && attribute(tag, "checked") === undefined) continue;
    fields[name] = attribute(tag, "value") ?? "";
  }
  for (const [, tag, options] of form.matchAll(/(<select[^>]*>)([\s\S]*?)<\/select>/g)) {
    const name = attribute(tag as string, "name");
    if (name === undefined) continue;
    const all = [...(options as string).matchAll(/<option[^>]*>/g)].map(([option]) => option);
    const chosen = all.find((option) => attribute(option, "selected") !== undefined) ?? all[0] ?? "";
    fields[name] = attribute(chosen, "value") ?? "";
  }
  for (const [, tag, text] of form.matchAll(/(<textarea[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(tag as string, "name");
    // A browser drops the one newline right after the start tag.
    if (name !== undefined) fields[name] = decode(text as string).replace(/^\r?\n/, "");
  }
  return fields;
}

/** The most rules the API takes, nearly all its 16 KiB: 25 rules of 10 conditions, every type. */
function mostRules() {
  const countries = "DE AT CH LI LU BE NL FR IT ES PT PL CZ SK HU SI HR DK SE NO FI IE".split(" ");
  const rules = Array.from({ length: 25 }, (_, i) => ({
    conditions: [
      { type: "country", values: countries },
      { type: "continent", values: ["EU"] },
      { type: "device", values: ["mobile", "tablet"] },
      { type: "os", values: ["ios", "android"] },
      { type: "browser", values: ["safari"] },
      { type: "language", values: ["de", "de-at"] },
      { type: "query", param: "src", op: "equals", values: [`news-${i}`] },
      { type: "ip", values: ["203.0.113.0/24"] },
      { type: "time", op: "after", values: ["2026-01-01T00:00:00.000Z"] },
      { type: "time", op: "before", values: ["2099-01-01T00:00:00.000Z"] },
    ],
    destination: `https://example.com/rule-${i}`,
  }));
  expect(JSON.stringify(rules).length).toBeGreaterThan(16_000);
  expect(JSON.stringify(rules).length).toBeLessThanOrEqual(16 * 1024);
  return rules;
}

const PAGE_MAX_BYTES = 60 * 1024;

/** A link made through the builder with a rule by country and an A/B split after it; answers its id. */
async function linkWithRules(post: Awaited<ReturnType<typeof editor>>["post"], code: string) {
  const made = await post("/app/links", {
    original_url: "https://example.com/everyone",
    short_code: code,
    "rules.0.conditions.0.type": "country",
    "rules.0.conditions.0.op": "",
    "rules.0.conditions.0.param": "",
    "rules.0.conditions.0.values": "de, AT",
    "rules.0.conditions.1.type": "",
    "rules.0.conditions.1.op": "",
    "rules.0.conditions.1.param": "",
    "rules.0.conditions.1.values": "",
    "rules.0.destination": "https://example.de/",
    "rules.0.variants.0.url": "",
    "rules.0.variants.0.weight": "",
    "rules.0.variants.1.url": "",
    "rules.0.variants.1.weight": "",
    "rules.1.conditions.0.type": "",
    "rules.1.destination": "",
    "rules.1.variants.0.url": "https://example.com/a",
    "rules.1.variants.0.weight": "80",
    "rules.1.variants.1.url": "https://example.com/b",
    "rules.1.variants.1.weight": "20",
    // A blank row, as the page always has one more: dropped.
    "rules.2.conditions.0.type": "",
    "rules.2.destination": "",
    "rules.2.variants.0.url": "",
    "rules.2.variants.0.weight": "",
  });
  expect(made.status).toBe(303);
  const id = Number(/\/app\/links\/(\d+)$/.exec(made.headers.get("Location") ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

const codeOf = (prefix: string) => unique(prefix).replace(/[^A-Za-z0-9_-]/g, "");

describe("the link builder", () => {
  it("makes a link with a rule and an A/B split, stored as the API stores them", async () => {
    const { cookie, post } = await editor();
    const blank = String((await page("/app/links/new", cookie)).body);
    expect(blank).toContain('name="rules.0.conditions.0.type"');
    expect(blank).toContain('name="rules.0.variants.1.weight"');
    // htmx is loaded, set up for the CSP, from this origin under a hashed name.
    expect(blank).toMatch(/<script src="\/app\/assets\/htmx-[0-9a-f]{8}\.js"><\/script>/);
    expect(blank).toContain('<meta name="htmx-config"');
    expect(blank).toContain("&quot;allowEval&quot;:false");

    const id = await linkWithRules(post, codeOf("rules"));
    const stored = await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } });
    expect(stored.body.rules).toEqual([
      { conditions: [{ type: "country", values: ["DE", "AT"] }], destination: "https://example.de/" },
      {
        conditions: [],
        variants: [
          { url: "https://example.com/a", weight: 80 },
          { url: "https://example.com/b", weight: 20 },
        ],
      },
    ]);
    // The link's page leads to every setting.
    expect(String((await page(`/app/links/${id}`, cookie)).body)).toContain(`href="/app/links/${id}/edit"`);
  });

  it("refuses weights that do not sum to 100 with the API's words next to that rule's split, keeping what was typed", async () => {
    const { post } = await editor();
    const refused = await post("/app/links", {
      original_url: "https://example.com/split",
      title: "Kept title",
      "rules.0.conditions.0.type": "",
      "rules.0.destination": "",
      "rules.0.variants.0.url": "",
      "rules.0.variants.0.weight": "",
      "rules.1.conditions.0.type": "device",
      "rules.1.conditions.0.values": "mobile",
      "rules.1.destination": "",
      "rules.1.variants.0.url": "https://example.com/a",
      "rules.1.variants.0.weight": "60",
      "rules.1.variants.1.url": "https://example.com/b",
      "rules.1.variants.1.weight": "30",
    });
    expect(refused.status).toBe(400);
    const html = String(refused.body);
    // Form row 1 is the body's rule 0 (row 0 was blank): the API's message names its own index.
    expect(html).toMatch(
      /id="rules-1-variants-error">rules\[0\]\.variants: weights must sum to 100 \(they sum to 90\)<\/p>/,
    );
    expect(html).toContain('value="60"');
    expect(html).toContain('value="Kept title"');
    expect(html).toMatch(/<details class="more rules" open/);

    // A bad value lands on its own input.
    const country = await post("/app/links", {
      original_url: "https://example.com/split",
      "rules.0.conditions.0.type": "country",
      "rules.0.conditions.0.values": "DE, Narnia",
      "rules.0.destination": "https://example.de/",
    });
    expect(String(country.body)).toMatch(
      /id="rules-0-conditions-0-values-error">rules\[0\]\.conditions\[0\]\.values\[1\]: not an ISO 3166 country code/,
    );
    // And one the deployment's policy refuses, from the use case: its place too.
    const itself = await post("/app/links", {
      original_url: "https://example.com/split",
      "rules.0.conditions.0.type": "",
      "rules.0.destination": "http://linkscope.test/loop",
    });
    expect(itself.status).toBe(400);
    expect(String(itself.body)).toMatch(/id="rules-0-destination-error">rules\[0\]\.destination: /);
  });

  it("adds a rule row without script: the form comes back with one more, nothing made", async () => {
    const { cookie, post } = await editor();
    const before = await api("GET", "/urls", { headers: { Cookie: cookie } });
    const added = await post("/app/links", {
      original_url: "https://example.com/more-rules",
      password: "sesame-typed-once-91",
      "rules.0.conditions.0.type": "language",
      "rules.0.conditions.0.values": "pt-br",
      "rules.0.destination": "https://example.com/br",
      add: "rule",
    });
    expect(added.status).toBe(200);
    const html = String(added.body);
    expect(html).toContain('name="rules.1.destination"');
    expect(html).toContain('value="pt-br"');
    expect(html).not.toContain("sesame-typed-once-91");
    expect(html).toContain("type it again");
    const after = await api("GET", "/urls", { headers: { Cookie: cookie } });
    expect((after.body as unknown[]).length).toBe((before.body as unknown[]).length);
  });

  it("edits every setting: the expiry and the password change, the destination is not sent", async () => {
    const { cookie, post } = await editor();
    const made = await post("/app/links", {
      original_url: "https://example.com/edited",
      short_code: codeOf("edit"),
      max_clicks: "9",
      password: "first secret",
    });
    const id = Number(/(\d+)$/.exec(made.headers.get("Location") ?? "")?.[1]);
    const shown = await page(`/app/links/${id}/edit`, cookie);
    expect(shown.status).toBe(200);
    const html = String(shown.body);
    expect(html).not.toContain("first secret");
    expect(html).toContain("Leave this empty to keep it");
    expect(html).toContain('name="remove_password"');
    const form = formOn(html, `/app/links/${id}/edit`);
    expect(form).toMatchObject({ original_url: "https://example.com/edited", max_clicks: "9", password: "" });

    const saved = await post(`/app/links/${id}/edit`, {
      ...form,
      expires_at: "2099-06-30T12:00",
      password: "second secret",
    });
    expect([saved.status, saved.headers.get("Location")]).toEqual([303, `/app/links/${id}?saved`]);
    const url = await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } });
    expect(url.body).toMatchObject({
      original_url: "https://example.com/edited",
      expires_at: "2099-06-30T12:00:00.000Z",
      max_clicks: 9,
      password_protected: true,
    });
    const events = await api("GET", `/urls/${id}/events`, { headers: { Cookie: cookie } });
    const updated = (events.body as { event_type: string; details: Record<string, unknown> }[]).filter(
      (event) => event.event_type === "updated",
    );
    expect(updated).toHaveLength(1);
    expect(updated[0]?.details).toMatchObject({ expires_at: "2099-06-30T12:00:00.000Z", password: "set" });
    expect(updated[0]?.details).not.toHaveProperty("original_url");
    expect(updated[0]?.details).not.toHaveProperty("max_clicks");

    // The password removed; an edit the API refuses is shown next to its field.
    const again = formOn(String((await page(`/app/links/${id}/edit`, cookie)).body), `/app/links/${id}/edit`);
    const removed = await post(`/app/links/${id}/edit`, { ...again, remove_password: "on" });
    expect(removed.status).toBe(303);
    expect((await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } })).body.password_protected).toBe(false);
    const badCap = await post(`/app/links/${id}/edit`, { ...again, max_clicks: "0" });
    expect(badCap.status).toBe(400);
    expect(String(badCap.body)).toMatch(/id="max_clicks-error">max_clicks must be between 1 and/);
    // Unchanged: nothing is sent, nothing is written.
    const none = await post(
      `/app/links/${id}/edit`,
      formOn(String((await page(`/app/links/${id}/edit`, cookie)).body), `/app/links/${id}/edit`),
    );
    expect(none.status).toBe(303);
    const after = await api("GET", `/urls/${id}/events`, { headers: { Cookie: cookie } });
    expect((after.body as unknown[]).length).toBe((events.body as unknown[]).length + 1);
  });

  it("edits the rules on the edit page, prefilled with the stored ones", async () => {
    const { cookie, post } = await editor();
    const id = await linkWithRules(post, codeOf("rulesedit"));
    const form = formOn(String((await page(`/app/links/${id}/edit`, cookie)).body), `/app/links/${id}/edit`);
    expect(form).toMatchObject({
      "rules.0.conditions.0.type": "country",
      "rules.0.conditions.0.values": "DE, AT",
      "rules.1.variants.0.weight": "80",
      "rules.2.destination": "",
    });
    const saved = await post(`/app/links/${id}/edit`, {
      ...form,
      "rules.1.variants.0.weight": "50",
      "rules.1.variants.1.weight": "50",
    });
    expect(saved.status).toBe(303);
    const url = await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } });
    expect((url.body.rules as { variants?: { weight: number }[] }[])[1]?.variants?.map((v) => v.weight)).toEqual([
      50, 50,
    ]);
  });

  it("shows the most rules the API takes as one JSON text, the page under 60 KB, and saves it as edited", async () => {
    const { cookie, post } = await editor();
    const rules = mostRules();
    const made = await api("POST", "/urls", {
      headers: await sessionWriteHeaders(cookie),
      body: { original_url: "https://example.com/most-rules", rules },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    // Given in the stored form (upper-case countries, times with milliseconds): stored as given.
    expect(made.body.rules).toEqual(rules);

    const shown = await page(`/app/links/${id}/edit`, cookie);
    expect(shown.status).toBe(200);
    expect(shown.bytes.length).toBeLessThan(PAGE_MAX_BYTES);
    const html = String(shown.body);
    expect(html).toContain("too many rules to show as rows");
    expect(html).not.toContain('name="rules.0.destination"');
    const form = formOn(html, `/app/links/${id}/edit`);
    expect(form.rules_json_why).toBe("size");
    expect(JSON.parse(form.rules_json ?? "")).toEqual(rules);

    // One destination changed in the text: exactly that is stored.
    const moved = (form.rules_json ?? "").replace('"https://example.com/rule-7"', '"https://example.org/moved"');
    const saved = await post(`/app/links/${id}/edit`, { ...form, rules_json: moved });
    expect([saved.status, saved.headers.get("Location")]).toEqual([303, `/app/links/${id}?saved`]);
    const expected = rules.map((rule, i) => (i === 7 ? { ...rule, destination: "https://example.org/moved" } : rule));
    const stored = async () => (await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } })).body.rules;
    expect(await stored()).toEqual(expected);

    // Malformed JSON: refused next to the text, which stays as typed; nothing stored.
    const broken = moved.replace('"conditions": [', '"conditions" [');
    const refused = await post(`/app/links/${id}/edit`, { ...form, rules_json: broken });
    expect(refused.status).toBe(400);
    expect(refused.bytes.length).toBeLessThan(PAGE_MAX_BYTES);
    const refusedHtml = String(refused.body);
    expect(refusedHtml).toMatch(/id="rules_json-error">rules_json: not valid JSON: [^<]*line 3 column/);
    expect(refusedHtml).toMatch(/aria-describedby="rules_json-note rules_json-error"/);
    expect(formOn(refusedHtml, `/app/links/${id}/edit`).rules_json).toBe(broken);
    expect(await stored()).toEqual(expected);

    // What parses but the API refuses: its words next to the text as well.
    const narnia = moved.replace('"CH"', '"Narnia"');
    const invalid = await post(`/app/links/${id}/edit`, { ...form, rules_json: narnia });
    expect(invalid.status).toBe(400);
    expect(String(invalid.body)).toMatch(
      /id="rules_json-error">rules\[0\]\.conditions\[0\]\.values\[2\]: not an ISO 3166 country code/,
    );
    expect(await stored()).toEqual(expected);
  });

  it("switches to the rules as JSON when asked, without script, on the edit page and the new link's", async () => {
    const { cookie, post } = await editor();
    const id = await linkWithRules(post, codeOf("asjson"));
    const edit = await page(`/app/links/${id}/edit`, cookie);
    expect(edit.bytes.length).toBeLessThan(PAGE_MAX_BYTES);
    expect(String(edit.body)).toContain('<button class="quiet" type="submit" name="add" value="json">');
    const asked = await post(`/app/links/${id}/edit`, {
      ...formOn(String(edit.body), `/app/links/${id}/edit`),
      "rules.1.variants.0.weight": "70",
      add: "json",
    });
    expect(asked.status).toBe(200);
    const html = String(asked.body);
    expect(html).not.toContain("too many rules");
    expect(html).not.toContain('name="rules.0.destination"');
    const form = formOn(html, `/app/links/${id}/edit`);
    expect(form.rules_json_why).toBeUndefined();
    // The rows as typed (an unsaved weight kept), in the API's format.
    const typed = JSON.parse(form.rules_json ?? "");
    expect(typed[1].variants).toEqual([
      { url: "https://example.com/a", weight: 70 },
      { url: "https://example.com/b", weight: 20 },
    ]);
    const saved = await post(`/app/links/${id}/edit`, {
      ...form,
      rules_json: (form.rules_json ?? "")
        .replace('"https://example.de/"', '"https://example.at/"')
        .replace('"weight": 20', '"weight": 30'),
    });
    expect(saved.status).toBe(303);
    const url = await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } });
    expect(url.body.rules).toEqual([
      { conditions: [{ type: "country", values: ["DE", "AT"] }], destination: "https://example.at/" },
      {
        conditions: [],
        variants: [
          { url: "https://example.com/a", weight: 70 },
          { url: "https://example.com/b", weight: 30 },
        ],
      },
    ]);

    // A new link: the typed row as JSON, then made from it.
    const fresh = await post("/app/links", {
      original_url: "https://example.com/new-json",
      "rules.0.conditions.0.type": "device",
      "rules.0.conditions.0.values": "mobile",
      "rules.0.destination": "https://example.com/m",
      add: "json",
    });
    expect(fresh.status).toBe(200);
    const freshForm = formOn(String(fresh.body), "/app/links");
    expect(JSON.parse(freshForm.rules_json ?? "")).toEqual([
      { conditions: [{ type: "device", values: ["mobile"] }], destination: "https://example.com/m" },
    ]);
    const created = await post("/app/links", freshForm);
    expect(created.status).toBe(303);
    const newId = Number(/(\d+)$/.exec(created.headers.get("Location") ?? "")?.[1]);
    expect((await api("GET", `/urls/${newId}`, { headers: { Cookie: cookie } })).body.rules).toEqual([
      { conditions: [{ type: "device", values: ["mobile"] }], destination: "https://example.com/m" },
    ]);
  });

  it("tries the rules for a country, with htmx (a fragment) and without (the edit page)", async () => {
    const { cookie, post } = await editor();
    const id = await linkWithRules(post, codeOf("try"));
    const german = await page(`/app/links/${id}/try?country=de&device=&language=&at=`, cookie);
    expect(german.status).toBe(200);
    expect(String(german.body)).toContain('id="try-it"');
    expect(String(german.body)).toContain("Rule 1 holds.");
    expect(String(german.body)).toContain("<code>https://example.de/</code>");
    expect(String(german.body)).not.toContain("<html");

    const french = await page(`/app/links/${id}/edit?country=FR&device=mobile&language=fr&at=`, cookie);
    expect(french.status).toBe(200);
    expect(String(french.body)).toMatch(/Rule 2 holds: its A\/B split chose variant [12] \(weight (80|20)\)/);
    expect(String(french.body)).toMatch(/<code>https:\/\/example\.com\/[ab]<\/code>/);

    const refused = await page(`/app/links/${id}/try?at=yesterday`, cookie);
    expect(String(refused.body)).toMatch(/id="try-at-error">at must be an RFC 3339 time/);
  });

  it("checks a code as typed: taken, reserved, malformed, free, on the domain the create would use", async () => {
    const { cookie, post } = await editor();
    const code = codeOf("taken");
    await linkWithRules(post, code);
    const check = async (query: string) => {
      const answer = await page(`/app/links/code-check?${query}`, cookie);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("Cache-Control")).toBe("private, no-store");
      return String(answer.body);
    };
    expect(await check(`domain=&code=${code}`)).toContain("short_code already exists");
    expect(await check(`domain=&short_code=${codeOf("free")}`)).toBe('<span class="ok">available</span>');
    expect(await check("domain=&code=a")).toContain("short_code must be 3 to 64 letters");
    expect(await check("domain=go.nobody.example&code=fine-code")).toContain(
      "domain &quot;go.nobody.example&quot; is not one of this workspace&#39;s domains",
    );
    // Reserved: the very words the create answers.
    const reserved = await check("domain=&code=App");
    const created = await post("/app/links", { original_url: "https://example.com/r", short_code: "App" });
    const createdMessage = /id="short_code-error">([^<]*)</.exec(String(created.body))?.[1];
    expect(createdMessage).toContain("is reserved");
    expect(reserved).toBe(`<span class="error">${createdMessage}</span>`);
    // A code another workspace took on the default domain is taken for everyone there.
    const other = await editor();
    expect(String((await page(`/app/links/code-check?code=${code}`, other.cookie)).body)).toContain(
      "short_code already exists",
    );
  });

  it("previews the short link and its QR code as an SVG", async () => {
    const { cookie } = await editor();
    const code = codeOf("preview");
    const answer = await page(`/app/links/preview?domain=&short_code=${code}`, cookie);
    expect(answer.status).toBe(200);
    const html = String(answer.body);
    expect(html).toContain(`http://linkscope.test/${code}`);
    expect(html).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="160" height="160"/);
    expect(String((await page("/app/links/preview?short_code=", cookie)).body)).not.toContain("<svg");
    // The builder's page draws the same preview without script.
    expect(String((await page("/app/links/new", cookie)).body)).toContain('id="link-preview"');
  });

  it("refuses a viewer all of it (403), and finds no link of another workspace (404)", async () => {
    const owner = await editor();
    const viewer = await newPerson();
    const teamName = unique("Builders");
    const team = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: teamName, owner_user_id: owner.person.id },
    });
    expect(team.status).toBe(201);
    const teamId = team.body.id as number;
    const role = await api("PUT", `/workspaces/${teamId}/members/${viewer.id}`, {
      key: ADMIN_KEY,
      body: { role: "viewer" },
    });
    expect(role.status).toBe(200);
    const link = await api("POST", "/urls", {
      key: ADMIN_KEY,
      headers: { "X-Workspace-Id": String(teamId) },
      body: { original_url: "https://example.com/team" },
    });
    expect(link.status).toBe(201);
    const id = link.body.id as number;

    const viewerCookie = await signIn(viewer.email);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(viewerCookie);
    const switched = await api("POST", "/app/workspace", {
      form: { csrf_token: csrf as string, workspace_id: String(teamId) },
      headers: { Cookie: viewerCookie, Origin: ORIGIN },
    });
    const cookies = `${viewerCookie}; ls_workspace=${/ls_workspace=([^;]+)/.exec(switched.headers.get("Set-Cookie") ?? "")?.[1]}`;
    const asViewer = (method: string, path: string, form?: Record<string, string>) =>
      api(method, path, {
        headers: { Cookie: cookies, Origin: ORIGIN },
        ...(form ? { form: { csrf_token: csrf as string, ...form } } : {}),
      });
    expect((await asViewer("GET", `/app/links/${id}`)).status).toBe(200);
    for (const [method, path, form] of [
      ["GET", `/app/links/${id}/edit`],
      ["POST", `/app/links/${id}/edit`, { expires_at: "2099-01-01T00:00" }],
      ["GET", `/app/links/${id}/try?country=DE`],
      ["GET", "/app/links/code-check?code=whatever"],
      ["GET", "/app/links/preview?short_code=whatever"],
      ["POST", "/app/links", { original_url: "https://example.com/x", "rules.0.destination": "https://example.com/y" }],
    ] as const) {
      expect((await asViewer(method, path, form)).status, `${method} ${path}`).toBe(403);
    }
    expect((await api("GET", `/urls/${id}`, { key: ADMIN_KEY })).body.expires_at).toBeNull();

    // The owner's personal workspace is not the team's: the team's link is not found there.
    for (const [method, path] of [
      ["GET", `/app/links/${id}/edit`],
      ["POST", `/app/links/${id}/edit`],
      ["GET", `/app/links/${id}/try?country=DE`],
    ] as const) {
      const answer =
        method === "GET" ? await page(path, owner.cookie) : await owner.post(path, { expires_at: "2099-01-01T00:00" });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
  });
});
