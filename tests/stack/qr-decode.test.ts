// Issue 15: every QR variant the API draws scans back to its short URL with a real decoder (zbar,
// Debian's zbar-tools). PNGs are decoded as served; SVGs as Chromium draws them. Then the decoded
// URL is followed, as a phone would, and the click is recorded with source "qr".
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { workerVars } from "./stack-env.ts";

const run = promisify(execFile);

let worker: DevWorker;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let scratch: string;
let link: { id: number; short_code: string };

beforeAll(async () => {
  scratch = mkdtempSync(`${tmpdir()}/linkscope-qr-`);
  [worker, chromium] = await Promise.all([startDevWorker(workerVars()), launchChromium()]);
  const response = await fetch(`${worker.url}/urls`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ original_url: "https://example.com/poster-landing" }),
  });
  link = (await response.json()) as typeof link;
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A link's clicks by source once the queue has stored any (within 30 s). */
async function clicksBySource(id: number): Promise<unknown> {
  const deadline = Date.now() + 30_000;
  let bySource: unknown;
  while (Date.now() < deadline) {
    const stats = (await (await fetch(`${worker.url}/urls/${id}/stats`)).json()) as { by_source: unknown };
    bySource = stats.by_source;
    if (Array.isArray(bySource) && bySource.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return bySource;
}

/** What zbar reads in an image file: the decoded texts, one per symbol found. */
async function zbar(file: string): Promise<string[]> {
  const { stdout } = await run("zbarimg", ["--nodbus", "--quiet", "--raw", file]).catch((error) => {
    // Exit status 4: no symbol found.
    if (error.code === 4) return { stdout: "" };
    throw error;
  });
  return stdout.split("\n").filter(Boolean);
}

/** Chromium's drawing of an SVG at its own size, as a PNG file. */
async function drawSvg(svg: string, file: string): Promise<void> {
  const page = await chromium.context.newPage();
  try {
    await page.setContent(`<body style="margin:0;background:#fff">${svg}</body>`);
    await page.locator("svg").screenshot({ path: file });
  } finally {
    await page.close();
  }
}

const VARIANTS = [
  "",
  "size=64&margin=0&ecc=L",
  "size=128&margin=1&ecc=M",
  "size=256&margin=2&ecc=Q",
  "size=512&margin=4&ecc=H",
  "size=2048&margin=16&ecc=M",
  "size=300&fg=%231A237E&bg=%23FFF8E1",
  "size=400&fg=%23004D40&bg=%23E0F2F1&ecc=Q",
  "size=600&fg=%23595959&bg=%23FFFFFF",
  "logo=true",
  "logo=true&size=200&margin=1",
  "logo=true&size=1024&fg=%23311B92&bg=%23FFFFFF",
];

describe("QR codes decode back to the short URL", () => {
  it("every size, margin, ECC level, colour pair and the logo, as PNG and as SVG", async () => {
    const expected = `${worker.url}/${link.short_code}?ls_src=qr`;
    const decoded: string[] = [];
    for (const [index, query] of VARIANTS.entries()) {
      for (const format of ["png", "svg"] as const) {
        const response = await fetch(`${worker.url}/urls/${link.id}/qr.${format}?${query}`);
        expect([query, format, response.status]).toEqual([query, format, 200]);
        const file = `${scratch}/${index}-${format}.png`;
        if (format === "png") writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
        else await drawSvg(await response.text(), file);
        const texts = await zbar(file);
        decoded.push(`${format}?${query} → ${texts.join(" | ")}`);
        expect(texts, `${format}?${query}`).toEqual([expected]);
      }
    }
    expect(decoded).toHaveLength(VARIANTS.length * 2);
  }, 120_000);

  it("following the decoded URL is a click with source qr", async () => {
    const [text] = await zbar(`${scratch}/0-png.png`);
    const response = await fetch(text as string, {
      redirect: "manual",
      headers: { "User-Agent": "Mozilla/5.0 (iPhone)" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("https://example.com/poster-landing");
    expect(await clicksBySource(link.id)).toEqual([{ source: "qr", clicks: 1 }]);
  }, 60_000);

  it("a link on a custom domain encodes the domain's short URL, and a scan of it is that link's click", async () => {
    const hostname = `qr.b${Date.now().toString(36)}.example.com`;
    const post = (path: string, body: unknown) =>
      fetch(`${worker.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("/domains", { hostname })).status).toBe(201);
    const made = (await (
      await post("/urls", { original_url: "https://example.com/branded-poster", domain: hostname })
    ).json()) as { id: number; short_code: string; domain: string };
    expect(made.domain).toBe(hostname);
    const png = new Uint8Array(await (await fetch(`${worker.url}/urls/${made.id}/qr.png`)).arrayBuffer());
    writeFileSync(`${scratch}/domain.png`, png);
    const [text] = await zbar(`${scratch}/domain.png`);
    expect(text).toBe(`https://${hostname}/${made.short_code}?ls_src=qr`);
    // A phone resolves the domain to the deployment; here the request goes to the dev worker with its Host.
    const scanned = new URL(text as string);
    const answer = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const { hostname: host, port } = new URL(worker.url);
      httpRequest(
        {
          host,
          port,
          path: `${scanned.pathname}${scanned.search}`,
          headers: { host: hostname, "User-Agent": "Mozilla/5.0 (iPhone)" },
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, location: response.headers.location });
        },
      )
        .on("error", reject)
        .end();
    });
    expect(answer).toEqual({ status: 302, location: "https://example.com/branded-poster" });
    expect(await clicksBySource(made.id)).toEqual([{ source: "qr", clicks: 1 }]);
  }, 60_000);
});
