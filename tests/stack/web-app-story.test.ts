// The web app's whole story for a team (issue 31), in Chromium on `wrangler dev`, as two people live it:
// an owner signs in by mail, makes a team workspace, builds a link with a password, tags and a country
// rule, tries the rule, opens the short link as a visitor would (the password form, then the redirect),
// finds the click in the link's chart, changes the destination, downloads the clicks as CSV, and
// invites a colleague as a viewer; the colleague, in their own browser, follows the invitation, signs
// in, sees the link and cannot change it. Every page on the way passes the checks of web-app-pages.ts.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import type { DevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";
import {
  type Chromium,
  checkPage,
  documentsOf,
  mailedLink,
  admin as operator,
  signInByMail,
  startWebApp,
  unique,
} from "./web-app-pages.ts";

let worker: DevWorker;
let chromium: Chromium;

beforeAll(async () => {
  ({ worker, chromium } = await startWebApp());
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
});

const admin = (method: string, path: string, body?: unknown) => operator(worker, method, path, body);

/** A person the operator made (the web app has no sign-up: an account or an invitation comes first). */
async function person(prefix: string) {
  const username = unique(prefix);
  const email = `${username}@linkscope.test`;
  const made = await admin("POST", "/users", { username, email });
  expect(made.status).toBe(201);
  return email;
}

/** Clicks a control that moves the page on, and waits for the page it lands on. */
async function submit(page: Page, url: RegExp | string, press: () => Promise<void>) {
  await Promise.all([page.waitForURL(url, { timeout: 20_000 }), press()]);
}

describe("the web app's story for a team", () => {
  it("an owner builds a link, follows its click, exports it and invites a viewer who cannot edit", async () => {
    const app = `${worker.url}/app`;
    const ownerEmail = await person("owner");
    const page = await chromium.context.newPage();
    const documents = documentsOf(page);
    await signInByMail(page, app, ownerEmail);

    // A team workspace, made from the team page: the pages act in it at once.
    const team = unique("Launch team ");
    await page.goto(`${app}/team`, { timeout: 20_000 });
    await page.getByLabel("Name", { exact: true }).fill(team);
    await submit(page, `${app}/team?done=created`, () =>
      page.getByRole("button", { name: "Make the workspace" }).click(),
    );
    await expect(page.locator("main").textContent()).resolves.toContain(`${team} (team); your role: owner.`);
    await checkPage(page, documents.at(-1), "team-new-workspace");

    // The link builder: destination, code, tags, and a password under More settings.
    const code = unique("spring-");
    const password = "correct horse battery";
    await page.goto(`${app}/links/new`, { timeout: 20_000 });
    await page.getByLabel("Destination", { exact: true }).fill("https://example.com/spring-sale");
    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByLabel("Title", { exact: true }).fill("Spring sale");
    await page.getByLabel("Tags", { exact: true }).fill("spring, newsletter");
    await page.locator("summary").first().click();
    await page.getByLabel("Visitors must give this password").fill(password);
    // A rule: visitors from Germany go to the German page.
    await page.getByText("Targeting rules and A/B splits").click();
    await page.locator('select[name="rules.0.conditions.0.type"]').selectOption("country");
    await page.locator('input[name="rules.0.conditions.0.values"]').fill("DE");
    await page.locator('input[name="rules.0.destination"]').fill("https://example.com/spring-sale-de");
    await checkPage(page, documents.at(-1), "link-builder");
    await submit(page, /\/app\/links\/\d+(\?.*)?$/, () => page.getByRole("button", { name: "Create link" }).click());
    const linkPath = new URL(page.url()).pathname;
    const linkId = Number(linkPath.split("/").at(-1));
    const stored = await admin("GET", `/urls/${linkId}`);
    expect(stored.body).toMatchObject({
      short_code: code,
      original_url: "https://example.com/spring-sale",
      password_protected: true,
      tags: ["newsletter", "spring"],
      rules: [{ conditions: [{ type: "country", values: ["DE"] }], destination: "https://example.com/spring-sale-de" }],
    });
    // The password is in no page, and no URL.
    expect(await page.content()).not.toContain(password);
    expect(page.url()).not.toContain("horse");

    // A visitor opens the short link: the password form, then the link's redirect to the destination
    // (not followed further: there is no internet here).
    const visitor = await chromium.context.newPage();
    await visitor.goto(`${worker.url}/${code}`, { timeout: 20_000 });
    await visitor.getByLabel("Password").fill(password);
    const [redirect] = await Promise.all([
      visitor.waitForResponse((response) => response.url() === `${worker.url}/${code}` && response.status() === 302, {
        timeout: 20_000,
      }),
      visitor.getByRole("button", { name: "Open the link" }).click(),
    ]);
    expect(await redirect.headerValue("location")).toBe("https://example.com/spring-sale");
    await visitor.close();

    // The click reaches the rollups through the queue; then the owner finds it on the link's page.
    await waitFor("the click in the link's stats", async () => {
      const stats = await admin("GET", `/urls/${linkId}/stats`);
      return Number(stats.body.total) >= 1 ? true : undefined;
    });
    await page.reload({ timeout: 20_000 });
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.locator("#clicks-by-day tbody tr").first().textContent()).resolves.toContain(today);
    await expect(page.locator("#clicks-chart canvas").count()).resolves.toBeGreaterThan(0);

    // Try it, on the edit page: a visitor from Germany gets the rule's destination.
    await submit(page, new RegExp(`${linkPath}/edit$`), () =>
      page.getByRole("link", { name: "Edit all settings" }).click(),
    );
    await checkPage(page, documents.at(-1), "link-edit");
    await page.locator("#try-it").getByLabel("Country").fill("DE");
    await page.getByRole("button", { name: "Try it" }).click();
    await expect(page.locator("#try-result").textContent({ timeout: 20_000 })).resolves.toContain(
      "https://example.com/spring-sale-de",
    );
    await expect(page.locator("#try-result").textContent()).resolves.toContain("Rule 1 holds.");
    await page.goto(`${worker.url}${linkPath}`, { timeout: 20_000 });

    // The destination changed from the link's page.
    await page.locator("#edit-original_url").fill("https://example.com/spring-sale-2027");
    await submit(page, /\?saved$/, () => page.getByRole("button", { name: "Save", exact: true }).click());
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("Saved.");
    expect((await admin("GET", `/urls/${linkId}`)).body.original_url).toBe("https://example.com/spring-sale-2027");
    await checkPage(page, documents.at(-1), "link-page-owner");

    // The clicks as CSV: one row, the visitor's.
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 20_000 }),
      page.locator('a[href*="clicks.csv"]').first().click(),
    ]);
    const csv = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\n");
    expect(csv.length).toBe(2);
    expect(csv[1]).toContain(today);

    // A colleague invited as a viewer.
    const viewerEmail = `${unique("viewer")}@linkscope.test`;
    await page.goto(`${app}/team`, { timeout: 20_000 });
    await page.locator("#invite-email").fill(viewerEmail);
    await page.locator("#invite-role").selectOption("viewer");
    await submit(page, /\/app\/team\?done=invited/, () =>
      page.getByRole("button", { name: "Send invitation" }).click(),
    );
    await checkPage(page, documents.at(-1), "team-invited");
    const invitation = await mailedLink(viewerEmail, "/invitations/accept");

    // The colleague's own browser: the invitation, signed out, sends them to sign in; then they accept.
    const theirs = await launchChromium();
    try {
      const colleague = await theirs.context.newPage();
      const theirDocuments = documentsOf(colleague);
      await colleague.goto(invitation, { timeout: 20_000 });
      await submit(colleague, app, () => colleague.getByRole("link", { name: "sign in here" }).click());
      await signInByMail(colleague, app, viewerEmail);
      await colleague.goto(invitation, { timeout: 20_000 });
      await submit(colleague, `${app}/links`, () =>
        colleague.getByRole("button", { name: "Accept the invitation" }).click(),
      );
      const topBar = (await colleague.locator("header.top").textContent()) ?? "";
      expect(topBar).toContain(team);
      expect(topBar).toContain("viewer");
      // They see the link, and nothing that changes it.
      expect(await colleague.getByRole("checkbox").count()).toBe(0);
      await submit(colleague, new RegExp(`${linkPath}$`), () =>
        colleague.getByRole("link", { name: "Spring sale" }).click(),
      );
      await expect(colleague.locator("main").textContent()).resolves.toContain(
        "Your role in this workspace reads links; it cannot change them.",
      );
      expect(await colleague.locator("main form[method=post]").count()).toBe(0);
      await checkPage(colleague, theirDocuments.at(-1), "link-page-viewer");
      // The builder tells them so, and a post is refused.
      const builder = await colleague.goto(`${app}/links/new`, { timeout: 20_000 });
      expect(builder?.status()).toBe(403);
      const refused = await colleague.request.post(`${app}/links/${linkId}/deactivate`, {
        form: { csrf_token: "any" },
        headers: { Origin: worker.url },
      });
      expect(refused.status()).toBe(403);
      expect((await admin("GET", `/urls/${linkId}`)).body.is_active).toBe(true);
    } finally {
      await theirs.close();
    }
    await page.close();
  }, 300_000);
});
