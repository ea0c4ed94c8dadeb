// Issue 15, in a real browser on `wrangler dev`: a password-protected link shows its form, a wrong
// password keeps it locked, the right one lands on the destination (the 303 and the cookie as
// Chromium handles them), and the cookie opens the link again without the form. Then an API
// client's X-Link-Password on the same running worker.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { workerVars } from "./stack-env.ts";

let worker: DevWorker;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let destinations: Server;
const arrivals: string[] = [];

beforeAll(async () => {
  destinations = createServer((req, res) => {
    if (req.url !== "/favicon.ico") arrivals.push(`http://${req.headers.host}${req.url}`);
    res.writeHead(200, { "Content-Type": "text/html" }).end("<title>arrived</title>");
  });
  await new Promise<void>((resolve) => destinations.listen(0, "127.0.0.1", resolve));
  const { port } = destinations.address() as AddressInfo;
  [worker, chromium] = await Promise.all([
    startDevWorker(workerVars()),
    launchChromium([`--host-resolver-rules=MAP secret.example 127.0.0.1:${port}`]),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
  destinations?.close();
});

describe("a password-protected link in Chromium", () => {
  it("form, wrong password, right password, destination; then the cookie opens it directly", async () => {
    const created = await fetch(`${worker.url}/urls`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ original_url: "http://secret.example/plans", password: "correct horse" }),
    });
    const link = (await created.json()) as { short_code: string; password_protected: boolean };
    expect(link.password_protected).toBe(true);

    const page = await chromium.context.newPage();
    await page.goto(`${worker.url}/${link.short_code}?ref=poster`, { timeout: 20_000 });
    expect(await page.title()).toBe("This link is password-protected");
    expect(await page.content()).not.toContain("secret.example");

    await page.fill("#password", "wrong horse");
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    expect(await page.locator("[role=alert]").textContent()).toBe("That password is not right.");
    expect(arrivals).toEqual([]);

    await page.fill("#password", "correct horse");
    await Promise.all([
      page.waitForURL("http://secret.example/**", { timeout: 20_000 }),
      page.click("button[type=submit]"),
    ]);
    expect(page.url()).toBe("http://secret.example/plans?ref=poster");
    expect(arrivals).toEqual(["http://secret.example/plans?ref=poster"]);

    // The unlock cookie: scoped to the link's path, HttpOnly, never the password.
    const cookies = await chromium.context.cookies();
    const unlock = cookies.find((cookie) => cookie.name === "ls_unlock");
    expect(unlock).toMatchObject({ path: `/${link.short_code}`, httpOnly: true, sameSite: "Lax" });
    expect(unlock?.value).not.toContain("horse");

    await page.goto(`${worker.url}/${link.short_code}`, { timeout: 20_000 });
    expect(page.url()).toBe("http://secret.example/plans");
    await page.close();
  });

  it("an API client's X-Link-Password and Basic credentials, on the running worker", async () => {
    const created = await fetch(`${worker.url}/urls`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ original_url: "https://example.com/api-only", password: "pässwörd" }),
    });
    const link = (await created.json()) as { short_code: string };
    const ask = (headers: Record<string, string>) =>
      fetch(`${worker.url}/${link.short_code}`, { redirect: "manual", headers });
    expect((await ask({})).status).toBe(401);
    expect((await ask({ "X-Link-Password": "wrong" })).status).toBe(403);
    const basic = Buffer.from(":pässwörd", "utf8").toString("base64");
    const right = await ask({ Authorization: `Basic ${basic}` });
    expect([right.status, right.headers.get("Location")]).toEqual([302, "https://example.com/api-only"]);
    // Node's fetch sends header values as bytes: the UTF-8 of the password, as curl does.
    const header = await ask({ "X-Link-Password": Buffer.from("pässwörd", "utf8").toString("latin1") });
    expect(header.status).toBe(302);
  });
});
