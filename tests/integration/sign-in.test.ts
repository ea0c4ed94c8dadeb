// People sign in by email (issue 29): a link through the real SMTP relay (the local sink), a page whose
// button spends the token (a scanner fetching the link spends nothing), a session cookie that calls
// the API, CSRF refused cross-site, sessions listed and revoked.
import { describe, expect, it } from "vitest";
import { callApi, openTestDatabase, scrapePrometheus, seriesValue, unique } from "../harness";
import {
  ADMIN_KEY,
  api,
  cookieOf,
  mailedToken,
  mailsTo,
  newPerson,
  type Options,
  ORIGIN,
  signIn,
} from "../session-harness";

describe("signing in by email", () => {
  it("mails a link to a known address, and answers an unknown one the same, sending nothing", async () => {
    const person = await newPerson();
    const known = await api("POST", "/auth/email", { body: { email: person.email.toUpperCase() } });
    const stranger = `${unique("nobody")}@linkscope.test`;
    const unknown = await api("POST", "/auth/email", { body: { email: stranger } });
    expect(known.status).toBe(202);
    expect(unknown).toMatchObject({ status: known.status, body: known.body });
    const token = await mailedToken(person.email);
    expect(token).toHaveLength(43);
    const [mail] = await mailsTo(person.email);
    expect(mail).toMatchObject({ from: "sign-in@linkscope.test", subject: "Your Linkscope sign-in link" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailsTo(stranger)).toEqual([]);
    for (const body of [{}, { email: "not-an-address" }, { email: 5 }, { email: "a@b.c", extra: 1 }]) {
      expect((await api("POST", "/auth/email", { body })).status).toBe(400);
    }
  });

  it("the link's page spends nothing (a scanner may fetch it); the button signs in, once", async () => {
    const person = await newPerson();
    await api("POST", "/auth/email", { body: { email: person.email } });
    const token = await mailedToken(person.email);

    // A mail scanner follows the link, twice: the same page, and the token still works afterwards.
    for (let i = 0; i < 2; i++) {
      const page = await api("GET", `/auth/email/verify?token=${token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("Content-Security-Policy")).toContain("form-action 'self'");
      expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(String(page.body)).toContain('<button type="submit">Sign in</button>');
      expect(String(page.body)).toContain(`value="${token}"`);
    }
    const signedIn = await api("POST", "/auth/email/verify", { form: { token }, headers: { Origin: ORIGIN } });
    expect(signedIn.status).toBe(303);
    const setCookie = signedIn.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^ls_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");

    const reused = await api("POST", "/auth/email/verify", { form: { token }, headers: { Origin: ORIGIN } });
    expect(reused).toMatchObject({
      status: 401,
      body: { error: "this sign-in link is unknown, used or expired: ask for a new one" },
    });
    const made_up = await api("POST", "/auth/email/verify", {
      body: { token: "x".repeat(43) },
      headers: { Origin: ORIGIN },
    });
    expect(made_up.status).toBe(401);
    expect((await api("POST", "/auth/email/verify", { body: { token: "short" } })).status).toBe(400);
  });

  it("an expired link signs no one in", async () => {
    const person = await newPerson();
    await api("POST", "/auth/email", { body: { email: person.email } });
    const token = await mailedToken(person.email);
    const handle = openTestDatabase();
    try {
      await handle.db.execute(
        `UPDATE sign_in_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ${person.id}` as never,
      );
    } finally {
      await handle.close();
    }
    const expired = await api("POST", "/auth/email/verify", { body: { token }, headers: { Origin: ORIGIN } });
    expect(expired.status).toBe(401);
  });

  it("a form posted from another site cannot sign anyone in", async () => {
    const person = await newPerson();
    await api("POST", "/auth/email", { body: { email: person.email } });
    const token = await mailedToken(person.email);
    const crossSite = await api("POST", "/auth/email/verify", {
      form: { token },
      headers: { Origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    // The page's no-referrer policy makes a browser post its form with "Origin: null": only the
    // browser's own Sec-Fetch-Site then says where it comes from.
    const opaqueOrigins: Record<string, string>[] = [
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
      { Origin: "null" },
    ];
    for (const headers of opaqueOrigins) {
      const opaque = await api("POST", "/auth/email/verify", { form: { token }, headers });
      expect({ headers, status: opaque.status }).toEqual({ headers, status: 403 });
    }
    // The token was not spent by the refused posts; the page's own post (Origin: null, same-origin) signs in.
    const ok = await api("POST", "/auth/email/verify", {
      body: { token },
      headers: { Origin: "null", "Sec-Fetch-Site": "same-origin" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ user_id: person.id });
  });
});

describe("sessions", () => {
  it("a session calls the API as its person: /me, their workspaces, their links", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const me = await api("GET", "/me", { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: person.id, email: person.email },
      workspaces: [{ kind: "personal", role: "owner" }],
      csrf_token: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const workspaces = await api("GET", "/workspaces", { headers: { Cookie: cookie } });
    expect(workspaces.body).toHaveLength(1);

    // A write with the session: from our origin, with the CSRF token.
    const created = await api("POST", "/urls", {
      body: { original_url: "https://example.com/from-a-session" },
      headers: { Cookie: cookie, Origin: ORIGIN, "X-CSRF-Token": me.body.csrf_token },
    });
    expect(created.status).toBe(201);
    expect(created.body.user_id).toBe(person.id);

    // A signed-in person makes a team workspace of their own.
    const team = await api("POST", "/workspaces", {
      body: { name: "My team" },
      headers: { Cookie: cookie, Origin: ORIGIN, "X-CSRF-Token": me.body.csrf_token },
    });
    expect(team).toMatchObject({ status: 201, body: { kind: "team", members: 1 } });
    const audit = await api("GET", `/workspaces/${team.body.id}/audit`, { headers: { Cookie: cookie } });
    expect(audit.body.events[0]).toMatchObject({
      action: "workspace.created",
      actor: { kind: "person", user_id: person.id },
    });
  });

  it("refuses cookie writes without the CSRF token or from another site (a cross-site form post)", async () => {
    const person = await newPerson();
    const cookie = await signIn(person.email);
    const me = await api("GET", "/me", { headers: { Cookie: cookie } });
    const attempts: [string, Options][] = [
      [
        "a cross-site form post",
        {
          form: { original_url: "https://evil.example/x" },
          headers: { Cookie: cookie, Origin: "https://evil.example" },
        },
      ],
      ["no token", { body: { original_url: "https://example.com/x" }, headers: { Cookie: cookie, Origin: ORIGIN } }],
      [
        "a wrong token",
        {
          body: { original_url: "https://example.com/x" },
          headers: { Cookie: cookie, Origin: ORIGIN, "X-CSRF-Token": "0".repeat(64) },
        },
      ],
      [
        "another site with the token",
        {
          body: { original_url: "https://example.com/x" },
          headers: { Cookie: cookie, Origin: "https://evil.example", "X-CSRF-Token": me.body.csrf_token },
        },
      ],
      [
        "Sec-Fetch-Site: cross-site",
        {
          body: { original_url: "https://example.com/x" },
          headers: { Cookie: cookie, "Sec-Fetch-Site": "cross-site", "X-CSRF-Token": me.body.csrf_token },
        },
      ],
    ];
    for (const [name, options] of attempts) {
      const answer = await api("POST", "/urls", options);
      expect({ name, status: answer.status }).toEqual({ name, status: 403 });
      expect(answer.body.error).toMatch(/^cross-site request refused/);
    }
  });

  it("are listed and revoked: a revoked session stops at once; signing out everywhere ends them all", async () => {
    const person = await newPerson();
    const laptop = await signIn(person.email);
    const phone = await signIn(person.email);
    const csrf = (await api("GET", "/me", { headers: { Cookie: laptop } })).body.csrf_token;
    const listed = await api("GET", "/auth/sessions", { headers: { Cookie: laptop } });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    const phoneSession = (listed.body as { id: number; current: boolean }[]).find((session) => !session.current);
    const revoked = await api("DELETE", `/auth/sessions/${phoneSession?.id}`, {
      headers: { Cookie: laptop, Origin: ORIGIN, "X-CSRF-Token": csrf },
    });
    expect(revoked.status).toBe(204);
    expect((await api("GET", "/me", { headers: { Cookie: phone } })).status).toBe(401);
    expect((await api("GET", "/me", { headers: { Cookie: laptop } })).status).toBe(200);

    const everywhere = await api("DELETE", "/auth/sessions", {
      headers: { Cookie: laptop, Origin: ORIGIN, "X-CSRF-Token": csrf },
    });
    expect(everywhere).toMatchObject({ status: 200, body: { revoked: 1 } });
    expect((await api("GET", "/me", { headers: { Cookie: laptop } })).status).toBe(401);
  });

  it("signing in again in the same browser replaces its session (rotation)", async () => {
    const person = await newPerson();
    const first = await signIn(person.email);
    await api("POST", "/auth/email", { body: { email: person.email } });
    const token = await mailedToken(person.email, 2);
    const second = await api("POST", "/auth/email/verify", {
      form: { token },
      headers: { Origin: ORIGIN, Cookie: first },
    });
    expect(second.status).toBe(303);
    expect((await api("GET", "/me", { headers: { Cookie: first } })).status).toBe(401);
    const newCookie = `ls_session=${cookieOf(second)}`;
    expect((await api("GET", "/me", { headers: { Cookie: newCookie } })).status).toBe(200);
  });

  it("keys have no person: /me and /auth/sessions need a session", async () => {
    expect((await api("GET", "/me", { key: ADMIN_KEY })).status).toBe(401);
    expect((await api("GET", "/me")).status).toBe(401);
    expect((await api("GET", "/me", { headers: { Cookie: `ls_session=${"a".repeat(43)}` } })).status).toBe(401);
  });

  it("sign-ins and refusals reach Prometheus and the dashboard's per-minute history", async () => {
    const series = (text: string, kind: string, result: string) =>
      seriesValue(text, `linkscope_auth_events_total{kind="${kind}",result="${result}"}`, 0);
    const before = await scrapePrometheus();
    const person = await newPerson();
    await signIn(person.email);
    await api("POST", "/auth/email/verify", { body: { token: "y".repeat(43) }, headers: { Origin: ORIGIN } });
    const after = await scrapePrometheus();
    expect(series(after, "sign_in", "ok") - series(before, "sign_in", "ok")).toBeGreaterThanOrEqual(1);
    expect(series(after, "sign_in", "refused") - series(before, "sign_in", "refused")).toBeGreaterThanOrEqual(1);
    const history = await callApi("GET", "/metrics/history?minutes=2");
    const minutes = history.body.minutes as { auth: { sign_ins: number; refusals: number } }[];
    expect(minutes.reduce((sum, minute) => sum + minute.auth.sign_ins, 0)).toBeGreaterThanOrEqual(1);
    expect(minutes.reduce((sum, minute) => sum + minute.auth.refusals, 0)).toBeGreaterThanOrEqual(1);
  });
});
