// Issue 11, finding 1, in a real browser: a destination such as "http:a.example/../CODE" was checked
// as host a.example but sent verbatim, and Chromium resolved it as a path on this service (a loop,
// or a hidden chain through another short link). Now a redirect followed by Chromium ends where
// original_url says, even for a row stored before the fix.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/stack/browser.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { workerVars } from "./stack-env.ts";

let worker: DevWorker;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
// The destinations' hosts: no internet here, so Chromium resolves them to this local server.
let destinations: Server;
const arrivals: string[] = [];

beforeAll(async () => {
  worker = await startDevWorker(workerVars());
  destinations = createServer((req, res) => {
    if (req.url !== "/favicon.ico") arrivals.push(`http://${req.headers.host}${req.url}`);
    res.writeHead(200, { "Content-Type": "text/html" }).end("<title>arrived</title>");
  });
  await new Promise<void>((resolve) => destinations.listen(0, "127.0.0.1", resolve));
  const { port } = destinations.address() as AddressInfo;
  chromium = await launchChromium([
    `--host-resolver-rules=MAP a.example 127.0.0.1:${port}, MAP b.example 127.0.0.1:${port}`,
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await worker?.stop();
  destinations?.close();
});

async function createLink(originalUrl: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${worker.url}/urls`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ original_url: originalUrl }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Writes a destination straight into a row, as a link stored before the fix would hold it. */
async function storeRaw(id: number, destination: string): Promise<void> {
  const client = new pg.Client({
    connectionString: process.env.LINKSCOPE_TEST_DATABASE_URL,
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    await client.query("UPDATE urls SET original_url = $1 WHERE id = $2", [destination, id]);
  } finally {
    await client.end();
  }
}

describe("redirects followed by Chromium", () => {
  it("end on the host original_url names, never on a path of this service", async () => {
    // The attack over HTTP: refused now.
    const refused = await createLink("http:a.example/../x");
    expect(refused.status).toBe(400);

    const second = await createLink("http://b.example/landing");
    expect(second.status).toBe(201);
    const first = await createLink("https://a.example/placeholder");
    expect(first.status).toBe(201);
    // A row from before the fix that chains to the second link through a relative path.
    await storeRaw(first.body.id as number, `http:a.example/../${second.body.short_code as string}`);

    const page = await chromium.context.newPage();
    const serviceHits: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith(worker.url)) serviceHits.push(request.url());
    });
    await page.goto(`${worker.url}/${first.body.short_code as string}`, { timeout: 20_000 });
    expect(page.url()).toBe(`http://a.example/${second.body.short_code as string}`);
    expect(await page.title()).toBe("arrived");
    // One request to this service: no loop, no second short link followed.
    expect(serviceHits).toEqual([`${worker.url}/${first.body.short_code as string}`]);
    expect(arrivals).toEqual([`http://a.example/${second.body.short_code as string}`]);

    // A link created now is sent exactly as stored.
    await page.goto(`${worker.url}/${second.body.short_code as string}`, { timeout: 20_000 });
    expect(page.url()).toBe(second.body.original_url);
    await page.close();
  });
});
