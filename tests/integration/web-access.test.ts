// The web app's access page (issue 31: API keys, sign-out and sessions): an owner makes a key with
// scopes, sees it once in the form's answer (never in the list afterwards, only its prefix), uses it
// against the API, and revokes it; the API's refusals are shown in its words; a viewer sees neither keys
// nor forms and is refused a post; a person signs out another session, or every one of them.
import { describe, expect, it } from "vitest";
import { unique } from "../harness";
import { ADMIN_KEY, api, newPerson, ORIGIN, sessionWriteHeaders, signIn } from "../session-harness";

const page = (path: string, cookie: string) => api("GET", path, { headers: { Cookie: cookie } });

/** A person signed in: their cookie(s), CSRF token and the form poster. */
async function signedIn(email: string, extraCookies = "") {
  const session = await signIn(email);
  const csrf = (await sessionWriteHeaders(session))["X-CSRF-Token"] as string;
  const cookie = extraCookies ? `${session}; ${extraCookies}` : session;
  const post = (path: string, form: Record<string, string> = {}) =>
    api("POST", path, { form: { csrf_token: csrf, ...form }, headers: { Cookie: cookie, Origin: ORIGIN } });
  return { session, cookie, csrf, post };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("the web app's access page", () => {
  it("an owner creates a key shown once, which works against the API until it is revoked", async () => {
    const me = await signedIn((await newPerson()).email);
    const empty = await page("/app/access", me.cookie);
    expect(empty.status).toBe(200);
    expect(String(empty.body)).toContain('href="/app/access" aria-current="page"');
    expect(String(empty.body)).toContain('action="/app/access/keys"');
    expect(String(empty.body)).toContain('name="csrf_token"');

    const name = unique("ci key");
    const made = await me.post("/app/access/keys", { name, scopes: "links:read" });
    // The answer itself, not a redirect: the key is in no URL and no cookie.
    expect(made.status).toBe(200);
    expect(made.headers.get("Location")).toBeNull();
    expect(made.headers.get("Set-Cookie")).toBeNull();
    expect(made.headers.get("Cache-Control")).toContain("no-store");
    const html = String(made.body);
    expect(html).toContain("it will not be shown again");
    const key = /value="(lsk_[0-9a-f]{10}_[A-Za-z0-9_-]{43})"/.exec(html)?.[1] ?? "";
    expect(key).not.toBe("");
    expect(occurrences(html, key)).toBe(1);
    const prefix = key.slice(0, 14);

    // A key with links:read reads links; it holds nothing else.
    expect((await api("GET", "/urls?per_page=1", { key })).status).toBe(200);
    const write = await api("POST", "/urls", { key, body: { original_url: "https://example.com/by-key" } });
    expect(write.status).toBe(403);

    // Listed afterwards by its prefix, with its name and scope; the key itself is in no page again.
    const listed = String((await page("/app/access", me.cookie)).body);
    expect(listed).not.toContain(key);
    expect(listed).toContain(prefix);
    expect(listed).toContain(name);
    expect(listed).toContain('<span class="tag">links:read</span>');
    expect(listed).not.toContain("it will not be shown again");

    const keyId = new RegExp(`<tr id="key-(\\d+)"><td data-label="Name">${name}`).exec(listed)?.[1];
    expect(keyId).toBeDefined();
    const revoked = await me.post(`/app/access/keys/${keyId}/revoke`);
    expect([revoked.status, revoked.headers.get("Location")]).toEqual([303, "/app/access?done=revoked"]);
    expect((await api("GET", "/urls?per_page=1", { key })).status).toBe(401);
    const after = String((await page("/app/access?done=revoked", me.cookie)).body);
    expect(after).toContain("Key revoked");
    expect(after).not.toContain(prefix);
    // Revoked twice: the use case's 404, in its words.
    const again = await me.post(`/app/access/keys/${keyId}/revoke`);
    expect(again.status).toBe(404);
    expect(String(again.body)).toContain("api key not found");

    // Without the session's CSRF token nothing is made.
    const forged = await api("POST", "/app/access/keys", {
      form: { scopes: "links:read" },
      headers: { Cookie: me.cookie, Origin: ORIGIN },
    });
    expect(forged.status).toBe(403);
  });

  it("scopes the API refuses are refused in its words, and what was typed stays", async () => {
    const me = await signedIn((await newPerson()).email);
    const none = await me.post("/app/access/keys", { name: "Kept name" });
    expect(none.status).toBe(400);
    expect(String(none.body)).toContain("scopes must name at least one scope");
    expect(String(none.body)).toContain('value="Kept name"');
    const unknown = await me.post("/app/access/keys", { name: "x", scopes: "everything:forever" });
    expect(unknown.status).toBe(400);
    expect(String(unknown.body)).toContain("scopes: each must be one of links:read");
    expect(String(unknown.body)).not.toMatch(/value="lsk_/);
  });

  it("in a team, a viewer sees no keys and no form and is refused every key post; an editor too", async () => {
    const [owner, editor, viewer] = [await newPerson(), await newPerson(), await newPerson()];
    const made = await api("POST", "/workspaces", {
      key: ADMIN_KEY,
      body: { name: unique("Team"), owner_user_id: owner.id },
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
    const teamKey = await api("POST", `/workspaces/${teamId}/api-keys`, {
      key: ADMIN_KEY,
      body: { name: "team deploys", scopes: ["links:write"] },
    });
    expect(teamKey.status).toBe(201);
    const teamPrefix = teamKey.body.prefix as string;

    // The owner, in the team, sees the key made through the API.
    const asOwner = await signedIn(owner.email, `ls_workspace=${teamId}`);
    const ownerPage = String((await page("/app/access", asOwner.cookie)).body);
    expect(ownerPage).toContain(teamPrefix);
    expect(ownerPage).toContain(`action="/app/access/keys/${teamKey.body.id}/revoke"`);

    for (const person of [viewer, editor]) {
      const member = await signedIn(person.email, `ls_workspace=${teamId}`);
      const shown = await page("/app/access", member.cookie);
      expect(shown.status).toBe(200);
      const html = String(shown.body);
      expect(html).toContain("this needs the admin role in the workspace");
      expect(html).not.toContain(teamPrefix);
      expect(html).not.toContain('action="/app/access/keys');
      // Their own sessions are still theirs to manage.
      expect(html).toContain('action="/app/access/sign-out-everywhere"');
      const create = await member.post("/app/access/keys", { scopes: "links:read" });
      expect(create.status).toBe(403);
      expect(String(create.body)).toContain("it needs workspace:admin");
      const revoke = await member.post(`/app/access/keys/${teamKey.body.id}/revoke`);
      expect(revoke.status).toBe(403);
    }
    const stillListed = await api("GET", `/workspaces/${teamId}/api-keys`, { key: ADMIN_KEY });
    expect((stillListed.body as { prefix: string }[]).map((key) => key.prefix)).toEqual([teamPrefix]);
  });

  it("lists the person's sessions with this one marked; signs out another, then every one", async () => {
    const person = await newPerson();
    const first = await signedIn(person.email);
    const second = await signedIn(person.email);
    const sessions = await api("GET", "/auth/sessions", { headers: { Cookie: second.session } });
    const ids = (sessions.body as { id: number; current: boolean }[]).map((row) => [row.id, row.current] as const);
    const secondId = ids.find(([, current]) => current)?.[0];
    const firstId = ids.find(([, current]) => !current)?.[0];
    expect(firstId).toBeDefined();
    expect(secondId).toBeDefined();

    const listed = String((await page("/app/access", first.cookie)).body);
    expect(listed).toContain(`<tr id="session-${firstId}" aria-current="true">`);
    expect(listed).toContain(`<tr id="session-${secondId}">`);
    expect(listed).toContain(`action="/app/access/sessions/${secondId}/sign-out"`);
    expect(listed).not.toContain(`action="/app/access/sessions/${firstId}/sign-out"`);
    // Neither session's secret is in the page.
    expect(listed).not.toContain(first.session.split("=")[1]);
    expect(listed).not.toContain(second.session.split("=")[1]);

    const ended = await first.post(`/app/access/sessions/${secondId}/sign-out`);
    expect([ended.status, ended.headers.get("Location")]).toEqual([303, "/app/access?done=signed-out"]);
    expect((await api("GET", "/me", { headers: { Cookie: second.session } })).status).toBe(401);
    expect((await api("GET", "/me", { headers: { Cookie: first.session } })).status).toBe(200);
    expect(String((await page("/app/access?done=signed-out", first.cookie)).body)).toContain(
      "That session is signed out.",
    );
    // Gone already: the use case's 404, in its words.
    const twice = await first.post(`/app/access/sessions/${secondId}/sign-out`);
    expect(twice.status).toBe(404);
    expect(String(twice.body)).toContain("session not found");

    const third = await signedIn(person.email);
    const everywhere = await first.post("/app/access/sign-out-everywhere");
    expect([everywhere.status, everywhere.headers.get("Location")]).toEqual([303, "/app"]);
    expect(everywhere.headers.get("Set-Cookie")).toMatch(/ls_session=;/);
    for (const cookie of [first.session, third.session]) {
      expect((await api("GET", "/me", { headers: { Cookie: cookie } })).status).toBe(401);
      const back = await page("/app/access", cookie);
      expect([back.status, back.headers.get("Location")]).toEqual([303, "/app"]);
    }
  });
});
