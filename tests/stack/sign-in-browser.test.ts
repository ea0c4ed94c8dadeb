// The email sign-in flow's two pages as a person uses them, in Chromium on `wrangler dev`: the mailed
// sign-in link's page (a prefetch spends nothing; the button signs in and lands on the web app), then an
// invitation's page signed in (Accept joins the team) and signed out (how to sign in). Each page passes
// axe-core with no violations, and is saved as a screenshot in /tmp for a person to look at.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../../scripts/lib/stack/axe.ts";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";
import { workerVars } from "./stack-env.ts";

const ADMIN_KEY = `admin-${randomBytes(12).toString("hex")}`;
const SMTP_API = process.env.LINKSCOPE_TEST_SMTP_API;

let worker: DevWorker;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  if (!SMTP_API || !process.env.LINKSCOPE_TEST_SMTP_PORT)
    throw new Error("LINKSCOPE_TEST_SMTP_* is not set: run the stack tests with npm test");
  [worker, chromium] = await Promise.all([
    startDevWorker(
      workerVars({
        ADMIN_API_KEY: ADMIN_KEY,
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: process.env.LINKSCOPE_TEST_SMTP_PORT,
        SMTP_TLS: "none",
        ALERT_EMAIL_FROM: "sign-in@linkscope.test",
      }),
    ),
    launchChromium(),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
});

/** A call to the API as the operator (the admin key) or anonymously. */
async function call(method: string, path: string, body?: unknown, admin = true) {
  const response = await fetch(`${worker.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(admin ? { Authorization: `Bearer ${ADMIN_KEY}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith("{") ? JSON.parse(text) : text) as Record<string, unknown> };
}

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

async function newPerson(prefix: string) {
  const username = unique(prefix);
  const email = `${username}@linkscope.test`;
  const user = await call("POST", "/users", { username, email });
  expect(user.status).toBe(201);
  return { id: user.body.id as number, email };
}

/** The link to `path` in the `count`-th mail to `email` (mail goes after the answer: waits for it). */
async function mailedLink(email: string, count: number, path: string): Promise<string> {
  const pattern = new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}\\?token=[A-Za-z0-9_-]{43}`);
  return waitFor(`mail ${count} to ${email}`, async () => {
    const response = await fetch(`${SMTP_API}/messages?to=${encodeURIComponent(email)}`, {
      signal: AbortSignal.timeout(5_000),
    });
    const mails = (await response.json()) as { text: string }[];
    if (mails.length < count) return undefined;
    const link = pattern.exec(mails[count - 1]?.text ?? "")?.[0];
    if (!link) throw new Error(`no ${path} link in the mail: ${mails[count - 1]?.text}`);
    return link;
  });
}

async function mailCount(email: string): Promise<number> {
  const response = await fetch(`${SMTP_API}/messages?to=${encodeURIComponent(email)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  return ((await response.json()) as unknown[]).length;
}

/** The JSON Chromium shows for /me (in its viewer's <pre>). */
async function meShown(page: Page) {
  return JSON.parse((await page.locator("pre").first().textContent()) ?? "") as {
    user: { email: string };
    workspaces: { id: number; name: string; role: string }[];
  };
}

describe("the email sign-in pages in Chromium", () => {
  let person: { id: number; email: string };

  it("the mailed link's page: a prefetch spends nothing, it passes axe, and Sign in lands on /me", async () => {
    person = await newPerson("browser");
    expect((await call("POST", "/auth/email", { email: person.email }, false)).status).toBe(202);
    const link = await mailedLink(person.email, 1, "/auth/email/verify");
    expect(link.startsWith(`${worker.url}/auth/email/verify?token=`)).toBe(true);

    // A mail scanner (or the browser's own prefetch) fetching the link: the page, and nothing spent.
    const prefetched = await fetch(link, { signal: AbortSignal.timeout(10_000) });
    expect(prefetched.status).toBe(200);
    expect(await prefetched.text()).toContain("Sign in");

    // Another site's post, even with an opaque origin (a sandboxed frame, its own no-referrer page),
    // is refused and spends nothing.
    const token = new URL(link).searchParams.get("token") ?? "";
    const crossSiteHeaders: Record<string, string>[] = [
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
      { Origin: "null" },
      { Origin: "http://evil.example", "Sec-Fetch-Site": "same-origin" },
    ];
    for (const headers of crossSiteHeaders) {
      const crossSite = await fetch(`${worker.url}/auth/email/verify`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ token }),
        redirect: "manual",
      });
      expect([headers, crossSite.status]).toEqual([headers, 403]);
    }

    const page = await chromium.context.newPage();
    const posts: Record<string, string>[] = [];
    page.on("request", async (request) => {
      if (request.method() === "POST") posts.push(await request.allHeaders());
    });
    await page.goto(link, { timeout: 20_000 });
    expect(await page.title()).toBe("Sign in to Linkscope");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign in to Linkscope");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/sign-in-page.png", fullPage: true });

    // The button signs in and goes on to the web app, whose top bar names the person.
    await Promise.all([
      page.waitForURL(`${worker.url}/app/links`, { timeout: 20_000 }),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await expect(page.locator("header.top .who").textContent()).resolves.toContain(person.email);
    // What made this page's button fail once: under its Referrer-Policy: no-referrer, Chromium posts
    // the form with "Origin: null"; its Sec-Fetch-Site says same-origin.
    expect(posts).toEqual([expect.objectContaining({ origin: "null", "sec-fetch-site": "same-origin" })]);
    const session = (await chromium.context.cookies()).find((cookie) => cookie.name === "ls_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    // The token is spent by the click: the same link's post again is refused.
    const again = await fetch(`${worker.url}/auth/email/verify`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: worker.url },
      body: JSON.stringify({ token }),
    });
    expect(again.status).toBe(401);
    await page.close();
  });

  it("an invitation's page, signed in: it passes axe, and Accept lands in the web app, acting in the team", async () => {
    expect(person).toBeDefined();
    const owner = await newPerson("owner");
    const teamName = unique("Browser team ");
    const team = await call("POST", "/workspaces", { name: teamName, owner_user_id: owner.id });
    expect(team.status).toBe(201);
    const before = await mailCount(person.email);
    const invited = await call("POST", `/workspaces/${team.body.id}/invitations`, {
      email: person.email,
      role: "editor",
    });
    expect(invited.status).toBe(201);
    const link = await mailedLink(person.email, before + 1, "/invitations/accept");

    // Prefetched first: the page only, the invitation still there to accept.
    expect((await fetch(link, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);

    const page = await chromium.context.newPage();
    await page.goto(link, { timeout: 20_000 });
    expect(await page.title()).toBe("Join a Linkscope workspace");
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: "/tmp/invitation-page.png", fullPage: true });

    await Promise.all([
      page.waitForURL(`${worker.url}/app/links`, { timeout: 20_000 }),
      page.getByRole("button", { name: "Accept the invitation" }).click(),
    ]);
    // The top bar names the team, with the invitation's role, as the workspace the pages act in.
    const chosen = page.locator("header.top select option[selected]");
    await expect(chosen.textContent()).resolves.toBe(`${teamName} (editor)`);
    await page.goto(`${worker.url}/me`, { timeout: 20_000 });
    const me = await meShown(page);
    expect(me.user.email).toBe(person.email);
    expect(me.workspaces).toContainEqual(expect.objectContaining({ id: team.body.id, name: teamName, role: "editor" }));
    await page.close();
  });

  it("an invitation's page, signed out: it says how to sign in, offers no button, and passes axe", async () => {
    const owner = await newPerson("owner");
    const team = await call("POST", "/workspaces", { name: unique("Signed-out team "), owner_user_id: owner.id });
    expect(team.status).toBe(201);
    const invitee = `${unique("invitee")}@linkscope.test`;
    const invited = await call("POST", `/workspaces/${team.body.id}/invitations`, { email: invitee, role: "viewer" });
    expect(invited.status).toBe(201);
    const link = await mailedLink(invitee, 1, "/invitations/accept");

    // A new browser profile: no session.
    const signedOut = await launchChromium();
    try {
      const page = await signedOut.context.newPage();
      await page.goto(link, { timeout: 20_000 });
      expect(await page.title()).toBe("Join a Linkscope workspace");
      await expect(page.locator("main").textContent()).resolves.toContain("Sign in with the email address");
      expect(await page.getByRole("button").count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: "/tmp/invitation-signed-out.png", fullPage: true });
    } finally {
      await signedOut.close();
    }
  });
});
