import { describe, expect, it } from "vitest";
import { createUrl, get, send, sendJson } from "../harness";

describe("GET /{code}", () => {
  it("redirects an active code with 302 and the destination", async () => {
    const url = await createUrl();
    const response = await get(`/${url.short_code}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(url.original_url);
  });

  it("follows an edit immediately", async () => {
    const url = await createUrl();
    await sendJson("PATCH", `/urls/${url.id}`, { original_url: "https://example.org/moved" });
    expect((await get(`/${url.short_code}`)).headers.get("Location")).toBe("https://example.org/moved");
  });

  it("answers 404 JSON for an inactive or unknown code", async () => {
    const url = await createUrl();
    await send("DELETE", `/urls/${url.id}`);
    for (const path of [`/${url.short_code}`, "/zzzzzzzzzzzz", "/favicon.ico", "/%3Cscript%3E"]) {
      const response = await get(path);
      expect([response.status, response.body]).toEqual([404, { error: "not found" }]);
    }
  });

  it("answers 405 to other methods on a code", async () => {
    const response = await send("POST", "/anything");
    expect([response.status, response.body]).toEqual([405, { error: "method not allowed" }]);
  });
});
