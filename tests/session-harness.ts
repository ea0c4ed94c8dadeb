// People who sign in, for the sign-in and invitation tests: a deployment with keys required, a public
// origin and the local SMTP sink, and helpers that read the links the service mails.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { type CallAnswer, callApi, type ReceivedMail, unique } from "./harness";

const testEnv = env as unknown as { TEST_SMTP_PORT: string; TEST_SMTP_API: string };
export const ADMIN_KEY = `admin-${crypto.randomUUID()}`;
/** The harness's own origin: what a same-origin request names. */
export const ORIGIN = "http://linkscope.test";
export const overrides = {
  ADMIN_API_KEY: ADMIN_KEY,
  REQUIRE_API_KEYS: "true",
  PUBLIC_URL: "https://links.example.test",
  SMTP_HOST: "127.0.0.1",
  SMTP_PORT: testEnv.TEST_SMTP_PORT,
  SMTP_TLS: "none",
  ALERT_EMAIL_FROM: "sign-in@linkscope.test",
  // Webhook secrets are sealed with it (the team tests make webhooks).
  LINK_PASSWORD_SECRET: "s".repeat(40),
};

export type Options = Parameters<typeof callApi>[2];
export const api = (method: string, path: string, options: Options = {}) =>
  callApi(method, path, { overrides, ...options });

export async function newPerson() {
  const name = unique("person");
  const email = `${name}@linkscope.test`;
  const user = await api("POST", "/users", { key: ADMIN_KEY, body: { username: name, email } });
  expect(user.status).toBe(201);
  return { id: user.body.id as number, email };
}

export async function mailsTo(email: string): Promise<ReceivedMail[]> {
  return (await fetch(`${testEnv.TEST_SMTP_API}/messages?to=${encodeURIComponent(email)}`)).json();
}

/** The token of the `count`-th mail to `email` linking to `path` (waits: mail goes after the answer). */
export async function mailedToken(email: string, count = 1, path = "/auth/email/verify"): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const mails = await mailsTo(email);
    if (mails.length >= count) {
      const text = mails[count - 1]?.text ?? "";
      const link = new RegExp(`https://links\\.example\\.test${path}\\?token=([A-Za-z0-9_-]{43})`).exec(text);
      if (!link?.[1]) throw new Error(`no ${path} link in the mail`);
      return link[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${email}`);
}

export const cookieOf = (answer: CallAnswer) => /ls_session=([^;]+)/.exec(answer.headers.get("Set-Cookie") ?? "")?.[1];

/** Signs in through the page's form, as a browser does; answers the Cookie header to send. */
export async function signIn(email: string): Promise<string> {
  const before = (await mailsTo(email)).length;
  expect((await api("POST", "/auth/email", { body: { email } })).status).toBe(202);
  const token = await mailedToken(email, before + 1);
  const signedIn = await api("POST", "/auth/email/verify", { form: { token }, headers: { Origin: ORIGIN } });
  expect(signedIn.status).toBe(303);
  expect(signedIn.headers.get("Location")).toBe("/app");
  const cookie = cookieOf(signedIn);
  if (!cookie) throw new Error("no session cookie");
  return `ls_session=${cookie}`;
}

/** A signed-in person's headers for a write: the cookie, our origin and the CSRF token of GET /me. */
export async function sessionWriteHeaders(cookie: string): Promise<Record<string, string>> {
  const me = await api("GET", "/me", { headers: { Cookie: cookie } });
  expect(me.status).toBe(200);
  return { Cookie: cookie, Origin: ORIGIN, "X-CSRF-Token": me.body.csrf_token as string };
}
