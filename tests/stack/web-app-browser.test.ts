// The web app (/app, issue 31) as a person uses it, in Chromium on `wrangler dev`: the sign-in form, the
// mailed link, the links table with its filters (the search by keyboard only), and signing out. Each
// page passes axe-core (nothing serious or critical), is under 60 KB, is never framed, fits a 390 px
// phone without sideways scrolling, and is saved as screenshots for a person to look at.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import {
  ARTIFACTS,
  type Chromium,
  checkPage,
  documentsOf,
  mailedSignInLink,
  admin as operator,
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

/** A call to the API as the operator (the admin key). */
const admin = (method: string, path: string, body?: unknown) => operator(worker, method, path, body);

interface Row {
  title: string;
  destination: string;
  tags: string[];
  state: string;
}

/** The table's rows as a person reads them. */
async function tableRows(page: Page): Promise<Row[]> {
  return page.locator("main table tbody tr").evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (label: string) => row.querySelector(`td[data-label="${label}"]`);
      const text = (element: Element | null | undefined) => (element?.textContent ?? "").trim();
      const destination = cell("Destination");
      return {
        title: text(destination?.querySelector("strong")),
        destination: Array.from(destination?.childNodes ?? [])
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => (node.textContent ?? "").trim())
          .join(""),
        tags: Array.from(cell("Tags")?.querySelectorAll(".tag") ?? [], text),
        state: text(cell("State")),
      };
    }),
  );
}

describe("the web app in Chromium", () => {
  it("signs in by mail, lists and filters the person's links, and signs out", async () => {
    const username = unique("webapp");
    // Long and without hyphens, as real addresses are: no page may scroll sideways at 390 px for it.
    const email = `${username.replace(/[^a-z0-9]/gi, "")}marketingteam@subsidiarydivision.examplecompany.test`;
    const user = await admin("POST", "/users", { username, email });
    expect(user.status).toBe(201);
    const userId = user.body.id as number;

    const page = await chromium.context.newPage();
    const documents = documentsOf(page);
    const app = `${worker.url}/app`;

    // Signed out, /app is the sign-in form.
    await page.goto(app, { timeout: 20_000 });
    expect(await page.title()).toBe("Sign in · Linkscope");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign in to Linkscope");
    await checkPage(page, documents.at(-1), "sign-in");

    await page.getByLabel("Email address").fill(email);
    await Promise.all([
      page.waitForURL(`${app}/sign-in`, { timeout: 20_000 }),
      page.getByRole("button", { name: "Email me a sign-in link" }).click(),
    ]);
    expect(await page.title()).toBe("Check your email · Linkscope");
    await expect(page.locator("main").textContent()).resolves.toContain(`If ${email} has an account here`);
    await checkPage(page, documents.at(-1), "check-your-email");

    // The mailed link's page, and its button: on to /app, which is the links page signed in.
    const link = await mailedSignInLink(email);
    expect(link.startsWith(`${worker.url}/auth/email/verify?token=`)).toBe(true);
    await page.goto(link, { timeout: 20_000 });
    await Promise.all([
      page.waitForURL(`${app}/links`, { timeout: 20_000 }),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(await page.title()).toBe("Links · Linkscope");
    await expect(page.locator("main").textContent()).resolves.toContain("No link matches these filters.");
    const topBar = (await page.locator("header.top").textContent()) ?? "";
    expect(topBar).toContain(email);
    await checkPage(page, documents.at(-1), "links-empty");

    // Links made for the person by the operator land in their personal workspace, which the page shows.
    const tag = unique("launch-");
    const made: Record<string, number> = {};
    for (const [path, title, tags] of [
      ["alpha", "Alpha launch", [tag, "news"]],
      ["alpha-old", "Alpha retired", [tag]],
      ["beta", "Beta notes", ["docs"]],
    ] as const) {
      const created = await admin("POST", "/urls", {
        original_url: `https://example.com/${path}`,
        title,
        tags,
        user_id: userId,
      });
      expect(created.status).toBe(201);
      made[title] = created.body.id as number;
    }
    expect((await admin("PATCH", `/urls/${made["Alpha retired"]}`, { is_active: false })).status).toBe(200);
    await page.reload({ timeout: 20_000 });
    const all = await tableRows(page);
    expect(all).toEqual([
      { title: "Beta notes", destination: "https://example.com/beta", tags: ["docs"], state: "active" },
      { title: "Alpha retired", destination: "https://example.com/alpha-old", tags: [tag], state: "inactive" },
      { title: "Alpha launch", destination: "https://example.com/alpha", tags: [tag, "news"], state: "active" },
    ]);
    await expect(page.locator("main table caption").textContent()).resolves.toBe("3 links on this page");
    expect(await page.getByRole("link", { name: "Next page" }).count()).toBe(0);
    await checkPage(page, documents.at(-1), "links");

    // The search by keyboard only: Tab to the field, type, Enter.
    await page.locator("body").focus();
    let tabs = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== "filter-q") {
      expect(++tabs, "Tab presses to reach the search field").toBeLessThanOrEqual(10);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.type("alpha");
    await Promise.all([page.waitForURL(/\/app\/links\?q=alpha/, { timeout: 20_000 }), page.keyboard.press("Enter")]);
    const searched = await tableRows(page);
    expect(searched.map((row) => row.title)).toEqual(["Alpha retired", "Alpha launch"]);
    await expect(page.locator("#filter-q").inputValue()).resolves.toBe("alpha");

    // Then a state: the search is kept, and only the inactive one is left.
    await page.locator("#filter-state").selectOption("inactive");
    await Promise.all([
      page.waitForURL(/\/app\/links\?.*state=inactive/, { timeout: 20_000 }),
      page.getByRole("button", { name: "Apply", exact: true }).click(),
    ]);
    const filtered = await tableRows(page);
    expect(filtered.map((row) => [row.title, row.state])).toEqual([["Alpha retired", "inactive"]]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("alpha");
    await checkPage(page, documents.at(-1), "links-filtered");

    // A link's page: a person opens the short link, and the click arrives in its chart and its table.
    const launch = await admin("GET", `/urls/${made["Alpha launch"]}`);
    const click = await fetch(`${worker.url}/${launch.body.short_code}`, {
      redirect: "manual",
      headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" },
    });
    expect(click.status).toBe(302);
    // The click reaches the rollups through the queue: wait for it there, then open the link's page.
    const deadline = Date.now() + 90_000;
    let counted: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      counted = (await admin("GET", `/urls/${made["Alpha launch"]}/stats`)).body;
      if (Number(counted.total) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await page.goto(`${app}/links`, { timeout: 20_000 });
    await Promise.all([
      page.waitForURL(new RegExp(`/app/links/${made["Alpha launch"]}$`), { timeout: 20_000 }),
      page.getByRole("link", { name: "Alpha launch" }).click(),
    ]);
    const today = new Date().toISOString().slice(0, 10);
    if ((await page.locator("#clicks-by-day").count()) !== 1) {
      // Kept for a person to read: what the page was, beside what the API counted.
      writeFileSync(join(ARTIFACTS, "link-page-missing-clicks.html"), await page.content());
      await page.screenshot({ path: join(ARTIFACTS, "link-page-missing-clicks.png"), fullPage: true });
    }
    expect(
      await page.locator("#clicks-by-day").count(),
      `the day table on ${page.url()} (${await page.title()}); the API's stats ${JSON.stringify(counted).slice(0, 300)}`,
    ).toBe(1);
    await expect(page.locator("#clicks-by-day tbody tr").first().textContent()).resolves.toContain(today);
    // The chart is drawn (uPlot's canvas) from the same numbers as the table.
    await expect(page.locator("#clicks-chart canvas").count()).resolves.toBeGreaterThan(0);
    await checkPage(page, documents.at(-1), "link-page");
    await page.goto(`${app}/links`, { timeout: 20_000 });

    // Sign out: back at the sign-in form, and the links page sends a signed-out visitor there.
    await Promise.all([
      page.waitForURL(app, { timeout: 20_000 }),
      page.getByRole("button", { name: "Sign out" }).click(),
    ]);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign in to Linkscope");
    expect((await chromium.context.cookies()).find((cookie) => cookie.name === "ls_session")).toBeUndefined();
    const after = await page.goto(`${app}/links`, { timeout: 20_000 });
    expect(page.url()).toBe(app);
    expect(after?.request().redirectedFrom()?.url()).toBe(`${app}/links`);
    await expect(page.getByRole("button", { name: "Email me a sign-in link" }).count()).resolves.toBe(1);
    await page.close();
  }, 240_000);
});
