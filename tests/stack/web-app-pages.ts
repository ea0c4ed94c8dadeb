// What the web app's browser tests share: the worker and Chromium they run, the operator's API calls,
// the mailed links, and the checks every page must pass (axe-core, weight, framing, a phone's width),
// with a screenshot of each page kept for a person to look at.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page, Response } from "playwright-core";
import { expect } from "vitest";
import { type AxeViolation, axeViolations } from "../../scripts/lib/stack/axe.ts";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";
import { workerVars } from "./stack-env.ts";

export const ADMIN_KEY = `admin-${randomBytes(12).toString("hex")}`;
const SMTP_API = process.env.LINKSCOPE_TEST_SMTP_API;
// Kept after the run (CI's artifacts; git-ignored): every page at each width, with its axe findings.
export const ARTIFACTS =
  process.env.LINKSCOPE_ARTIFACTS_DIR ?? fileURLToPath(new URL("../../test-artifacts/web-app", import.meta.url));
/** The most a page's HTML may weigh: the app is for phones on slow networks too. */
const PAGE_MAX_BYTES = 60 * 1024;
/** Desktop and phone (an iPhone 12-15's CSS viewport). */
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

export type Chromium = Awaited<ReturnType<typeof launchChromium>>;

/** `wrangler dev` with the admin key and the test SMTP sink (and `extraVars`, say a domain provider), and a Chromium. */
export async function startWebApp(
  extraVars: Record<string, string> = {},
): Promise<{ worker: DevWorker; chromium: Chromium }> {
  if (!SMTP_API || !process.env.LINKSCOPE_TEST_SMTP_PORT)
    throw new Error("LINKSCOPE_TEST_SMTP_* is not set: run the stack tests with npm test");
  mkdirSync(ARTIFACTS, { recursive: true });
  const [worker, chromium] = await Promise.all([
    startDevWorker(
      workerVars({
        ADMIN_API_KEY: ADMIN_KEY,
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: process.env.LINKSCOPE_TEST_SMTP_PORT,
        SMTP_TLS: "none",
        ALERT_EMAIL_FROM: "sign-in@linkscope.test",
        ...extraVars,
      }),
    ),
    launchChromium(),
  ]);
  return { worker, chromium };
}

/** A call to the API as the operator (the admin key). */
export async function admin(worker: DevWorker, method: string, path: string, body?: unknown) {
  const response = await fetch(`${worker.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ADMIN_KEY}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

/**
 * The link to `path` in the `nth` mail (1-based, oldest first) to `email`: the mail goes after the page
 * answers, so this waits for it.
 */
export async function mailedLink(email: string, path: string, nth = 1): Promise<string> {
  const pattern = new RegExp(`https?://\\S+${path.replaceAll("/", "\\/")}\\?token=[A-Za-z0-9_-]{43}`);
  return waitFor(`mail ${nth} to ${email} with a link to ${path}`, async () => {
    const response = await fetch(`${SMTP_API}/messages?to=${encodeURIComponent(email)}`, {
      signal: AbortSignal.timeout(5_000),
    });
    const mails = (await response.json()) as { text: string }[];
    const mail = mails.filter((each) => each.text.includes(path))[nth - 1];
    if (mail === undefined) return undefined;
    const link = pattern.exec(mail.text)?.[0];
    if (!link) throw new Error(`no ${path} link in the mail: ${mail.text}`);
    return link;
  });
}

/** The sign-in link in the `nth` sign-in mail to `email`. */
export const mailedSignInLink = (email: string, nth = 1) => mailedLink(email, "/auth/email/verify", nth);

/** The documents the page's main frame received, last one last (a redirect's target, a form's answer). */
export function documentsOf(page: Page): Response[] {
  const documents: Response[] = [];
  page.on("response", (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && response.status() < 300) {
      documents.push(response);
    }
  });
  return documents;
}

/**
 * What every page of the app must be, checked on the page as shown: its HTML under 60 KB with a CSP
 * that forbids framing; at each width, no serious or critical axe violation, a screenshot, and at
 * 390 px no sideways scrolling. Minor and moderate findings are written next to the screenshots.
 */
export async function checkPage(page: Page, answer: Response | undefined, name: string) {
  expect(answer, `${name}: the document's response`).toBeDefined();
  const html = await (answer as Response).body();
  expect(html.length, `${name}: HTML bytes`).toBeLessThan(PAGE_MAX_BYTES);
  const csp = (await (answer as Response).headerValue("content-security-policy")) ?? "";
  expect(csp, `${name}: Content-Security-Policy`).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);

  const findings: Record<string, AxeViolation[]> = {};
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    const violations = await axeViolations(page);
    findings[`${size.width}`] = violations;
    const grave = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    expect(grave, `${name} at ${size.width} px: serious or critical axe violations`).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${size.width}.png`), fullPage: true });
    if (size.width <= 390) {
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(widths.scroll, `${name} at ${size.width} px: page width beyond the viewport`).toBeLessThanOrEqual(
        widths.viewport,
      );
    }
  }
  writeFileSync(join(ARTIFACTS, `${name}-axe.json`), `${JSON.stringify(findings, null, 2)}\n`);
  await page.setViewportSize(WIDTHS[0]);
}

/** Signs `email` in from the sign-in form: asks for the link, opens the `nth` mailed one, presses Sign in. */
export async function signInByMail(page: Page, appUrl: string, email: string, nth = 1) {
  await page.goto(appUrl, { timeout: 20_000 });
  await page.getByLabel("Email address").fill(email);
  await Promise.all([
    page.waitForURL(`${appUrl}/sign-in`, { timeout: 20_000 }),
    page.getByRole("button", { name: "Email me a sign-in link" }).click(),
  ]);
  await page.goto(await mailedSignInLink(email, nth), { timeout: 20_000 });
  await Promise.all([
    page.waitForURL(`${appUrl}/links`, { timeout: 20_000 }),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}
