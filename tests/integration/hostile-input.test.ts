import { describe, expect, it } from "vitest";
import { createUrl, get, send, sendJson } from "../harness";

// Every answer to bad input is a 4xx with {"error": "..."}: never a 500, never HTML.
function expectJsonError(response: { status: number; headers: Headers; body: unknown }, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toContain("application/json");
  expect(typeof (response.body as { error: unknown }).error).toBe("string");
}

describe("hostile and malformed input", () => {
  it.each(["/users", "/urls", "/shorten", "/events"])("malformed JSON to POST %s is a 400", async (path) => {
    expectJsonError(await sendJson("POST", path, "{not json"), 400);
  });

  it("malformed JSON to PUT is a 400", async () => {
    const url = await createUrl();
    expectJsonError(await sendJson("PUT", `/urls/${url.id}`, "{oops"), 400);
  });

  it("a cross-site text/plain form post writes nothing", async () => {
    const response = await send("POST", "/users", {
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ username: "csrf", email: "csrf@example.test" }),
    });
    expectJsonError(response, 415);
    expect(response.body).toEqual({ error: "unsupported media type: send application/json" });
  });

  it("an empty body with no Content-Type is treated as {}", async () => {
    const response = await send("POST", "/users");
    expect([response.status, response.body]).toEqual([400, { error: "username and email are required" }]);
  });

  it("an oversized JSON body is a 413", async () => {
    expectJsonError(await sendJson("POST", "/users", { username: "a".repeat(100_000), email: "a@b.c" }), 413);
  });

  it.each([
    ["POST", "/users/1"],
    ["PATCH", "/users/1"],
    ["DELETE", "/users"],
    ["PUT", "/events/1"],
    ["GET", "/shorten"],
    ["DELETE", "/health"],
  ])("%s %s is a 405", async (method, path) => {
    const response = await send(method, path);
    expect([response.status, response.body]).toEqual([405, { error: "method not allowed" }]);
  });

  it.each(["/users/abc", "/urls/1/nothing", "/a/b/c", "/users/-1"])("unknown path %s is a JSON 404", async (path) => {
    const response = await get(path);
    expect([response.status, response.body]).toEqual([404, { error: "not found" }]);
  });

  it("deeply nested or odd JSON values never cause a 500", async () => {
    const nested = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    for (const payload of [nested, "null", "true", '"str"', "1e999", '{"username":{"$ne":1},"email":"a@b.c"}']) {
      const response = await sendJson("POST", "/users", payload);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it("NUL bytes in strings are refused, not a database error", async () => {
    const response = await sendJson("POST", "/users", { username: "nul\u0000byte", email: "nul@example.test" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it("every response carries a request id, and a sane upstream one is kept", async () => {
    const fresh = await get("/health");
    expect(fresh.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await send("GET", "/health", { headers: { "X-Request-Id": "upstream-1234abcd" } });
    expect(kept.headers.get("X-Request-Id")).toBe("upstream-1234abcd");
    const replaced = await send("GET", "/health", { headers: { "X-Request-Id": "bad id with spaces" } });
    expect(replaced.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves /health without the database and the OpenAPI document", async () => {
    const health = await get<{ status: string }>("/health");
    expect(health.body.status).toBe("ok");
    const spec = await get<{ openapi: string; paths: Record<string, unknown> }>("/openapi.json");
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe("3.1.0");
    for (const path of [
      "/users",
      "/users/{id}",
      "/users/bulk",
      "/urls/{id}/events",
      "/shorten",
      "/events/{id}",
      "/{code}",
    ]) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
  });
});
