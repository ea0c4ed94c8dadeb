import { describe, expect, it } from "vitest";
import { callWorker, createUrl, sendJson, unique } from "../harness";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

async function call(path: string, init: RequestInit, overrides: Record<string, string> = {}) {
  const { response, settled } = await callWorker(path, init, overrides);
  const text = await response.text();
  await settled();
  return { status: response.status, text, headers: response.headers };
}

describe("destination safety", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "private"],
    ["https://user:secret@example.com/", "credentials"],
    ["JAVASCRIPT:alert(1)", "invalid url"],
  ])("refuses %s when a link is written", async (destination, message) => {
    const response = await sendJson<{ error: string }>("POST", "/urls", { original_url: destination });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(message);
  });

  it("refuses links to the service itself and to blocked domains", async () => {
    const settings = { SERVICE_HOSTS: "lnk.example,linkscope.test", BLOCKED_DOMAINS: "evil.test" };
    const own = await call("/urls", json({ original_url: "https://lnk.example/abc" }), settings);
    expect(own.status).toBe(400);
    expect(JSON.parse(own.text).error).toContain("this service itself");
    const self = await call("/shorten", json({ url: "http://linkscope.test/abc" }), settings);
    expect(self.status).toBe(400);
    const blocked = await call("/urls", json({ original_url: "https://www.evil.test/login" }), settings);
    expect(blocked.status).toBe(400);
    expect(JSON.parse(blocked.text).error).toBe("destination not allowed: the domain is blocked");
    const url = await createUrl();
    const update = await call(
      `/urls/${url.id}`,
      { ...json({ original_url: "https://evil.test/" }), method: "PUT" },
      settings,
    );
    expect(update.status).toBe(400);
  });

  it("a blocked domain with trailing dots is still blocked: links, rule targets, webhook urls (issue 27, 9.)", async () => {
    const settings = { BLOCKED_DOMAINS: "evil.test", SERVICE_HOSTS: "lnk.example,linkscope.test" };
    const blockedMessage = "destination not allowed: the domain is blocked";
    for (const destination of ["https://evil.test../", "https://login.evil.test.../x"]) {
      const link = await call("/urls", json({ original_url: destination }), settings);
      expect(link.status, destination).toBe(400);
      expect(JSON.parse(link.text).error).toBe(blockedMessage);
    }
    const own = await call("/urls", json({ original_url: "https://lnk.example../abc" }), settings);
    expect(JSON.parse(own.text).error).toContain("this service itself");
    const loopback = await call("/urls", json({ original_url: "http://localhost../" }), settings);
    expect(loopback.status).toBe(400);
    expect(JSON.parse(loopback.text).error).toContain("private");
    const rule = await call(
      "/urls",
      json({
        original_url: "https://example.com/",
        rules: [{ conditions: [{ type: "country", values: ["DE"] }], destination: "https://evil.test../de" }],
      }),
      settings,
    );
    expect(rule.status).toBe(400);
    expect(JSON.parse(rule.text).error).toContain(blockedMessage);
    const webhook = await call(
      "/webhooks",
      json({ url: "https://evil.test../hook", events: ["link.created"] }),
      settings,
    );
    expect(webhook.status).toBe(400);
    expect(JSON.parse(webhook.text).error).toContain(blockedMessage);
  });

  it("a link whose domain is blocked later stops redirecting and shows a plain warning page", async () => {
    const domain = `${unique("later")}.example`;
    const url = await createUrl({ original_url: `https://${domain}/page` });
    const before = await call(`/${url.short_code}`, {});
    expect(before.status).toBe(302);
    // Served from the isolate tier now; the block applies there too.
    const after = await call(`/${url.short_code}`, {}, { BLOCKED_DOMAINS: `other.test, ${domain}` });
    expect(after.status).toBe(403);
    expect(after.headers.get("Content-Type")).toContain("text/html");
    expect(after.text).toContain("This link has been disabled");
    expect(after.text).not.toContain(domain);
    const metrics = await call("/prometheus", {});
    expect(metrics.text).toMatch(
      /linkscope_destinations_refused_total\{reason="blocked_domain",stage="redirect"\} [1-9]/,
    );
    expect(metrics.text).toMatch(/linkscope_redirects_total\{outcome="blocked",tier="isolate"\} [1-9]/);
  });
});
