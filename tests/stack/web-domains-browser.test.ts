// The domains page's Copy buttons (issue 31) in Chromium on `wrangler dev`, with the manual domain
// provider (the domain stays pending, its records to create): a person adds a domain with the page's
// form, reaches a record's Copy button by keyboard and presses it; the status says Copied and the
// clipboard holds the value. Where the Clipboard API is missing, the script copies by selection. The
// page passes the shared checks (axe-core, weight, framing, a 390 px phone).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import {
  type Chromium,
  checkPage,
  documentsOf,
  admin as operator,
  signInByMail,
  startWebApp,
  unique,
} from "./web-app-pages.ts";

let worker: DevWorker;
let chromium: Chromium;

beforeAll(async () => {
  ({ worker, chromium } = await startWebApp({ DOMAIN_PROVIDER: "manual" }));
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
});

/** Tab from the top of the page until `name`'s button has the focus (a bounded number of presses). */
async function tabTo(page: Page, name: string) {
  await page.locator("body").focus();
  let tabs = 0;
  while ((await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))) !== name) {
    expect(++tabs, `Tab presses to reach "${name}"`).toBeLessThanOrEqual(40);
    await page.keyboard.press("Tab");
  }
}

/** What the status beside the focused button says. */
const statusBesideFocus = (page: Page) =>
  page.evaluate(() => {
    const status = document.activeElement?.nextElementSibling;
    return { role: status?.getAttribute("role"), live: status?.getAttribute("aria-live"), text: status?.textContent };
  });

describe("the domains page's Copy buttons in Chromium", () => {
  it("copies a DNS record's value by keyboard, says Copied, and falls back to selection without the Clipboard API", async () => {
    const username = unique("domains");
    const email = `${username}@linkscope.test`;
    expect((await operator(worker, "POST", "/users", { username, email })).status).toBe(201);
    const app = `${worker.url}/app`;
    await chromium.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: worker.url });

    const page = await chromium.context.newPage();
    const documents = documentsOf(page);
    await signInByMail(page, app, email);
    await page.goto(`${app}/domains`, { timeout: 20_000 });
    // Nothing to copy yet: no script, no button.
    expect(await page.locator('script[src*="copy-buttons"]').count()).toBe(0);

    // The person's own workspace: they own it, so they add the domain with the page's form.
    const hostname = `go.${unique("copy")}.example.com`;
    await page.getByLabel("Hostname").fill(hostname);
    await Promise.all([
      page.waitForURL(/\/app\/domains\?done=added#domain-\d+$/, { timeout: 20_000 }),
      page.getByRole("button", { name: "Add domain" }).click(),
    ]);
    const txtValue = await page.getByLabel(`TXT record value for ${hostname}`).inputValue();
    expect(txtValue).toMatch(/^linkscope-verify=/);
    const cnameValue = await page.getByLabel(`CNAME record value for ${hostname}`).inputValue();
    expect(cnameValue).not.toBe("");

    // One button per field, each named for what it copies.
    await expect(page.getByRole("button", { name: /^Copy the / }).count()).resolves.toBe(4);
    for (const type of ["CNAME", "TXT"]) {
      for (const part of ["name", "value"]) {
        const name = `Copy the ${part} of the ${type} record for ${hostname}`;
        await expect(page.getByRole("button", { name, exact: true }).textContent()).resolves.toBe("Copy");
      }
    }

    // By keyboard: Tab to the TXT value's button, Enter.
    const txtButton = `Copy the value of the TXT record for ${hostname}`;
    await tabTo(page, txtButton);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.nextElementSibling?.textContent === "Copied", null, {
      timeout: 5_000,
    });
    expect(await statusBesideFocus(page)).toEqual({ role: "status", live: "polite", text: "Copied" });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(txtValue);
    await checkPage(page, documents.at(-1), "domains");
    // Said for a couple of seconds, then gone.
    await page.waitForFunction(
      (name) => document.querySelector(`button[aria-label="${name}"]`)?.nextElementSibling?.textContent === "",
      txtButton,
      { timeout: 5_000 },
    );
    await expect(page.locator(".copy-status").allTextContents()).resolves.toEqual(["", "", "", ""]);

    // No Clipboard API (plain http, an old browser): the field is selected and copied the old way.
    const old = await chromium.context.newPage();
    await old.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
    await old.goto(`${app}/domains`, { timeout: 20_000 });
    expect(await old.evaluate(() => navigator.clipboard)).toBeUndefined();
    await tabTo(old, `Copy the value of the CNAME record for ${hostname}`);
    await old.keyboard.press("Enter");
    await old.waitForFunction(() => document.activeElement?.nextElementSibling?.textContent === "Copied", null, {
      timeout: 5_000,
    });
    // Read where the Clipboard API is (a page reads the clipboard only while it has the focus).
    await page.bringToFront();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cnameValue);
    await old.close();
    await page.close();
  }, 240_000);
});
