import { describe, expect, it } from "vitest";
import { callWorker } from "../harness";

const TOKEN = "test-metrics-token-0123456789abcdef";
const WITH_TOKEN = { METRICS_TOKEN: TOKEN };
const PROTECTED = ["/prometheus", "/metrics", "/logs?limit=1"];

async function status(path: string, headers: Record<string, string> = {}) {
  const { response, settled } = await callWorker(path, { headers }, WITH_TOKEN);
  const body = await response.text();
  await settled();
  return { status: response.status, body, response };
}

describe("METRICS_TOKEN", () => {
  it.each(PROTECTED)("%s needs the bearer token when it is set", async (path) => {
    const missing = await status(path);
    expect(missing.status).toBe(401);
    expect(missing.response.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(missing.response.headers.get("X-Request-Id")).toBeTruthy();
    expect(JSON.parse(missing.body)).toEqual({ error: expect.stringContaining("authentication required") });

    const wrong = await status(path, { Authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({ error: "invalid token" });

    const malformed = await status(path, { Authorization: "Basic Zm9vOmJhcg==" });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toHaveProperty("error");

    expect((await status(path, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it("leaves the API, redirects and /health open", async () => {
    for (const path of ["/health", "/users?per_page=1"]) expect((await status(path)).status).toBe(200);
  });

  it.each(PROTECTED)("%s is open when no token is configured", async (path) => {
    const { response, settled } = await callWorker(path);
    await settled();
    expect(response.status).toBe(200);
  });
});
