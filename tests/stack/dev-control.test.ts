// The dev server's control port cuts the database on request: only local tools may ask, never a
// web page open in the developer's browser (issue 11's cross-origin text/plain POST).
import { request } from "node:http";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevControl, startDevControl } from "../../scripts/lib/dev-control.ts";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

let control: DevControl;
const cuts: boolean[] = [];

beforeAll(async () => {
  const database = { setReachable: (reachable: boolean) => cuts.push(reachable) };
  control = await startDevControl({
    port: await freePort(),
    database,
    sink: undefined,
    workerUrl: "http://127.0.0.1:1",
  });
});
afterAll(() => control.close());

const cut = (headers: Record<string, string>) =>
  fetch(`${control.url}/faults/database`, {
    method: "POST",
    headers,
    body: JSON.stringify({ reachable: false }),
    signal: AbortSignal.timeout(5_000),
  });

/** A request with a Host of the attacker's choosing, as after a DNS rebinding (fetch cannot set Host). */
function rebound(): Promise<number> {
  const { port } = new URL(control.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: "POST", path: "/faults/database", timeout: 5_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.setHeader("Host", `rebind.example:${port}`);
    req.setHeader("Content-Type", "application/json");
    req.on("error", reject);
    req.end(JSON.stringify({ reachable: false }));
  });
}

describe("dev control port", () => {
  it("refuses what a browser page can send: text/plain, any Origin, a foreign Host", async () => {
    expect((await cut({ "Content-Type": "text/plain" })).status).toBe(415);
    expect((await cut({ "Content-Type": "application/json", Origin: "https://evil.example" })).status).toBe(403);
    expect((await cut({ "Content-Type": "application/json", Origin: "null" })).status).toBe(403);
    expect(await rebound()).toBe(403);
    expect(cuts).toEqual([]);
  });

  it("obeys a local tool's JSON request", async () => {
    const response = await cut({ "Content-Type": "application/json" });
    expect(response.status).toBe(200);
    expect(cuts).toEqual([false]);
  });
});
