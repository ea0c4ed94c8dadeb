// The web app's first pages (issue 31): signed out, /app is the sign-in form (the link is mailed, the
// same answer for any address); signed in, the workspace's links with the API's filters, another
// workspace's never shown; every post needs the session's CSRF token. Pages are checked as HTML here;
// tests/stack/web-app-browser.test.ts drives them in Chromium.
import { describe, expect, it } from "vitest";
import { callWorker, unique } from "../harness";
import {
  ADMIN_KEY,
  api,
  mailedToken,
  mailsTo,
  newPerson,
  ORIGIN,
  overrides,
  sessionWriteHeaders,
  signIn,
} from "../session-harness";

const page = (path: string, cookie?: string) => api("GET", path, { headers: cookie ? { Cookie: cookie } : {} });

describe("the web app", () => {
  it("signed out, /app is the sign-in form, which mails a link whose button leads back to /app", async () => {
    const form = await page("/app");
    expect(form.status).toBe(200);
    expect(form.headers.get("Content-Type")).toContain("text/html");
    expect(form.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(String(form.body)).toContain('action="/app/sign-in"');
    // Any other page sends a signed-out visitor to the form.
    const links = await page("/app/links");
    expect([links.status, links.headers.get("Location")]).toEqual([303, "/app"]);

    const person = await newPerson();
    const asked = await api("POST", "/app/sign-in", { form: { email: person.email }, headers: { Origin: ORIGIN } });
    expect(asked.status).toBe(200);
    expect(String(asked.body)).toContain("Check your email");
    const token = await mailedToken(person.email);
    const signedIn = await api("POST", "/auth/email/verify", { form: { token }, headers: { Origin: ORIGIN } });
    expect([signedIn.status, signedIn.headers.get("Location")]).toEqual([303, "/app"]);

    // An unknown address gets the same page, and no mail.
    const stranger = `${unique("nobody")}@linkscope.test`;
    const unknown = await api("POST", "/app/sign-in", { form: { email: stranger }, headers: { Origin: ORIGIN } });
    expect([unknown.status, String(unknown.body).includes("Check your email")]).toEqual([200, true]);
    expect(await mailsTo(stranger)).toEqual([]);
  });

  it("a bad address is shown next to its field with the API's words; another site's post is refused", async () => {
    const bad = await api("POST", "/app/sign-in", { form: { email: "not-an-address" }, headers: { Origin: ORIGIN } });
    expect(bad.status).toBe(400);
    expect(String(bad.body)).toContain('id="email-error"');
    expect(String(bad.body)).toContain("email is not a valid address");
    expect(String(bad.body)).toContain('value="not-an-address"');
    const elsewhere = await api("POST", "/app/sign-in", {
      form: { email: "a@example.com" },
      headers: { Origin: "https://evil.example" },
    });
    expect(elsewhere.status).toBe(403);
  });

  it("signed in, the links page lists the workspace's links with the API's filters, and nobody else's", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const write = await sessionWriteHeaders(cookie);
    const tag = unique("t")
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "");
    for (const [path, title] of [
      ["alpha", "Alpha launch"],
      ["beta", "Beta notes"],
    ]) {
      const made = await api("POST", "/urls", {
        headers: write,
        body: { original_url: `https://example.com/${path}`, title, tags: [tag] },
      });
      expect(made.status).toBe(201);
    }
    const other = await newPerson();
    const otherCookie = await signIn(other.email);
    const foreign = await api("POST", "/urls", {
      headers: await sessionWriteHeaders(otherCookie),
      body: { original_url: "https://example.com/not-yours", title: "Not yours" },
    });
    expect(foreign.status).toBe(201);

    const all = await page("/app", cookie);
    expect([all.status, all.headers.get("Location")]).toEqual([303, "/app/links"]);
    const listed = String((await page("/app/links", cookie)).body);
    expect(listed).toContain("Alpha launch");
    expect(listed).toContain("Beta notes");
    expect(listed).toContain(person.email);
    expect(listed).not.toContain("Not yours");
    // The session's secret never appears in a page; its CSRF token does (the sign-out form).
    expect(listed).not.toContain(cookie.split("=")[1]);
    const searched = String((await page(`/app/links?q=alpha&tag=${tag}`, cookie)).body);
    expect(searched).toContain("Alpha launch");
    expect(searched).not.toContain("Beta notes");
    // A filter the API refuses is said on the page, with the API's words.
    const refused = await page("/app/links?state=sideways", cookie);
    expect(refused.status).toBe(400);
    expect(String(refused.body)).toContain("state must be one of");
  });

  it("the link builder makes a link through the API's rules, each refusal next to its field", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
    const headers = { Cookie: cookie, Origin: ORIGIN };
    const post = (form: Record<string, string>) =>
      api("POST", "/app/links", { form: { csrf_token: csrf as string, ...form }, headers });
    const blank = await page("/app/links/new", cookie);
    expect(blank.status).toBe(200);
    expect(String(blank.body)).toContain('name="csrf_token"');

    const badUrl = await post({ original_url: "not a url", title: "Kept" });
    expect(badUrl.status).toBe(400);
    expect(String(badUrl.body)).toMatch(/id="original_url-error">[^<]*invalid url/);
    expect(String(badUrl.body)).toContain('value="Kept"');

    const code = unique("web").replace(/[^A-Za-z0-9_-]/g, "");
    const made = await post({ original_url: "https://example.com/from-the-app", short_code: code, tags: "a, b" });
    expect(made.status).toBe(303);
    const linkPath = made.headers.get("Location") ?? "";
    expect(linkPath).toMatch(/^\/app\/links\/\d+$/);
    const listed = String((await page(`/app/links?q=${code}`, cookie)).body);
    expect(listed).toContain("https://example.com/from-the-app");
    expect(listed).toContain('<span class="tag">a</span>');
    expect(listed).toContain(`href="${linkPath}"`);

    // The link's page: what it is, its QR code, its history; its edit goes through PUT's rules.
    const shown = String((await page(linkPath, cookie)).body);
    expect(shown).toContain("https://example.com/from-the-app");
    expect(shown).toMatch(/<img src="\/app\/links\/\d+\/qr\.svg\?size=160"/);
    expect(shown).toContain("created");
    const edit = (form: Record<string, string>) =>
      api("POST", linkPath, { form: { csrf_token: csrf as string, ...form }, headers });
    const renamed = await edit({ original_url: "https://example.com/from-the-app", title: "Renamed", tags: "a, b" });
    expect([renamed.status, renamed.headers.get("Location")]).toEqual([303, `${linkPath}?saved`]);
    expect(String((await page(`${linkPath}?saved`, cookie)).body)).toContain("<h1>Renamed</h1>");
    const broken = await edit({ original_url: "ftp://example.com/file", title: "Renamed", tags: "a, b" });
    expect(broken.status).toBe(400);
    expect(String(broken.body)).toMatch(/id="edit-original_url-error">/);
    expect(String(broken.body)).toContain('value="ftp://example.com/file"');
    const off = await api("POST", `${linkPath}/deactivate`, { form: { csrf_token: csrf as string }, headers });
    expect(off.status).toBe(303);
    expect(String((await page(linkPath, cookie)).body)).toContain('class="state-inactive"');
    // Another person's link is not there for this one.
    const stranger = await signIn((await newPerson()).email);
    expect((await page(linkPath, stranger)).status).toBe(404);

    const taken = await post({ original_url: "https://example.com/again", short_code: code });
    expect(taken.status).toBe(400);
    expect(String(taken.body)).toMatch(/id="short_code-error">short_code already exists/);
    const foreign = await post({ original_url: "https://example.com/x", domain: "go.not-mine.example.com" });
    expect(String(foreign.body)).toMatch(/id="domain-error">domain &quot;go.not-mine.example.com&quot; is not one/);

    // Without the session's CSRF token nothing is made.
    const forged = await api("POST", "/app/links", { form: { original_url: "https://example.com/forged" }, headers });
    expect(forged.status).toBe(403);
  });

  it("a person switches to a team workspace and acts there with their role: a viewer reads, an editor writes", async () => {
    const [owner, editor, viewer] = [await newPerson(), await newPerson(), await newPerson()];
    const teamName = unique("Team");
    const made = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: teamName, owner_user_id: owner.id },
    });
    expect(made.status).toBe(201);
    const teamId = made.body.id as number;
    for (const [person, role] of [
      [editor, "editor"],
      [viewer, "viewer"],
    ] as const) {
      const put = await api("PUT", `/workspaces/${teamId}/members/${person.id}`, { key: ADMIN_KEY, body: { role } });
      expect(put.status).toBe(200);
    }
    const title = unique("Team link");
    const teamLink = await api("POST", "/urls", {
      key: ADMIN_KEY,
      headers: { "X-Workspace-Id": String(teamId) },
      body: { original_url: "https://example.com/team", title },
    });
    expect(teamLink.status).toBe(201);

    /** Signs in, switches to the team with the top bar's form; answers the cookies to send from then on. */
    async function inTeam(email: string) {
      const cookie = await signIn(email);
      const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
      const switched = await api("POST", "/app/workspace", {
        form: { csrf_token: csrf as string, workspace_id: String(teamId) },
        headers: { Cookie: cookie, Origin: ORIGIN },
      });
      expect([switched.status, switched.headers.get("Location")]).toEqual([303, "/app/links"]);
      const chosen = /ls_workspace=([^;]+)/.exec(switched.headers.get("Set-Cookie") ?? "")?.[1];
      expect(chosen).toBe(String(teamId));
      return { cookies: `${cookie}; ls_workspace=${chosen}`, csrf: csrf as string };
    }

    const asViewer = await inTeam(viewer.email);
    const listed = String((await page("/app/links", asViewer.cookies)).body);
    expect(listed).toContain(title);
    expect(listed).toContain(`${teamName} (viewer)`);
    const refused = await page("/app/links/new", asViewer.cookies);
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain("can read links, not make them");
    const linkPage = String((await page(`/app/links/${teamLink.body.id}`, asViewer.cookies)).body);
    expect(linkPage).toContain("cannot change them");
    expect(linkPage).not.toContain('name="original_url"');

    const asEditor = await inTeam(editor.email);
    const created = await api("POST", "/app/links", {
      form: { csrf_token: asEditor.csrf, original_url: "https://example.com/by-the-editor" },
      headers: { Cookie: asEditor.cookies, Origin: ORIGIN },
    });
    expect(created.status).toBe(303);
    const teamList = await api("GET", "/urls", { key: ADMIN_KEY, headers: { "X-Workspace-Id": String(teamId) } });
    expect((teamList.body as { original_url: string }[]).map((url) => url.original_url)).toContain(
      "https://example.com/by-the-editor",
    );

    // A workspace the person is not in cannot be chosen, and a stale choice falls back to their own.
    const outsider = await signIn((await newPerson()).email);
    const { "X-CSRF-Token": outsiderCsrf } = await sessionWriteHeaders(outsider);
    const sneaky = await api("POST", "/app/workspace", {
      form: { csrf_token: outsiderCsrf as string, workspace_id: String(teamId) },
      headers: { Cookie: outsider, Origin: ORIGIN },
    });
    expect(sneaky.status).toBe(404);
    const stale = String((await page("/app/links", `${outsider}; ls_workspace=${teamId}`)).body);
    expect(stale).not.toContain(title);
  });

  it("the builder's further settings reach the link; a password is never written back into a page", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
    const headers = { Cookie: cookie, Origin: ORIGIN };
    const post = (form: Record<string, string>) =>
      api("POST", "/app/links", { form: { csrf_token: csrf as string, ...form }, headers });
    const secret = "open sesame 42";
    const refused = await post({
      original_url: "https://example.com/settings",
      max_clicks: "0",
      password: secret,
    });
    expect(refused.status).toBe(400);
    expect(String(refused.body)).toMatch(/id="max_clicks-error">max_clicks/);
    expect(String(refused.body)).not.toContain(secret);
    expect(String(refused.body)).toContain('<details class="more" open');
    const badPassword = await post({ original_url: "https://example.com/settings", password: " padded " });
    expect(String(badPassword.body)).toMatch(/id="password-error">/);
    expect(String(badPassword.body)).not.toContain(" padded ");

    const made = await post({
      original_url: "https://example.com/settings",
      valid_since: "2026-01-01T08:00",
      expires_at: "2099-12-31T23:59",
      max_clicks: "25",
      expired_url: "https://example.com/over",
      query_forwarding: "merge",
      utm_source: "newsletter",
      utm_campaign: "spring",
      password: secret,
    });
    expect(made.status).toBe(303);
    const id = /\/app\/links\/(\d+)$/.exec(made.headers.get("Location") ?? "")?.[1];
    const url = await api("GET", `/urls/${id}`, { headers: { Cookie: cookie } });
    expect(url.body).toMatchObject({
      valid_since: "2026-01-01T08:00:00.000Z",
      expires_at: "2099-12-31T23:59:00.000Z",
      max_clicks: 25,
      expired_url: "https://example.com/over",
      query_forwarding: "merge",
      utm: { source: "newsletter", campaign: "spring" },
      password_protected: true,
    });
  });

  it("a link's page opened before a click is stored shows it once stored", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const write = await sessionWriteHeaders(cookie);
    const made = await api("POST", "/urls", { headers: write, body: { original_url: "https://example.com/counted" } });
    expect(made.status).toBe(201);
    const path = `/app/links/${made.body.id}`;
    expect(String((await page(path, cookie)).body)).not.toContain('id="clicks-by-day"');
    const browser = { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" };
    const { response, settled } = await callWorker(`/${made.body.short_code}`, { headers: browser });
    expect(response.status).toBe(302);
    await settled();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const stats = await api("GET", `/urls/${made.body.id}/stats`, { headers: { Cookie: cookie } });
      if (Number(stats.body.total) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const shown = String((await page(path, cookie)).body);
    expect(shown).toContain('id="clicks-by-day"');
    expect(shown).toContain(`<td data-label="Day">${new Date().toISOString().slice(0, 10)}</td>`);
  });

  it("a link with a ten-digit id (imports keep the ids they bring) has its page", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const id = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    const code = unique("big").replace(/[^A-Za-z0-9_-]/g, "");
    const csv = `id,short_code,original_url,user_id\n${id},${code},https://example.com/ten-digits,${person.id}\n`;
    const answer = await callWorker(
      "/urls/bulk",
      { method: "POST", headers: { Authorization: `Bearer ${ADMIN_KEY}`, "Content-Type": "text/csv" }, body: csv },
      overrides,
    );
    expect(answer.response.status).toBe(201);
    const shown = await page(`/app/links/${id}`, cookie);
    expect(shown.status).toBe(200);
    expect(String(shown.body)).toContain("https://example.com/ten-digits");
    // Past what Postgres holds: as missing as any other.
    expect((await page("/app/links/2147483648", cookie)).status).toBe(404);
  });

  it("signing out needs the session's CSRF token, and ends the session", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const forged = await api("POST", "/app/sign-out", { form: {}, headers: { Cookie: cookie, Origin: ORIGIN } });
    expect(forged.status).toBe(403);
    const { "X-CSRF-Token": csrf } = await sessionWriteHeaders(cookie);
    const out = await api("POST", "/app/sign-out", {
      form: { csrf_token: csrf as string },
      headers: { Cookie: cookie, Origin: ORIGIN },
    });
    expect([out.status, out.headers.get("Location")]).toEqual([303, "/app"]);
    expect((await page("/app/links", cookie)).status).toBe(303);
    expect((await api("GET", "/me", { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("answers on the service's own hosts only", async () => {
    const elsewhere = await api("GET", "http://nobody.example.net/app");
    expect(elsewhere.status).toBe(404);
  });
});
