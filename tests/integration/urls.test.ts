import { describe, expect, it } from "vitest";
import { type AuditEvent, createUrl, createUser, get, send, sendJson, type Url, unique } from "../harness";

describe("urls API", () => {
  it("creates a link with a 6-character code and a created event", async () => {
    const user = await createUser();
    const target = `https://example.com/${unique("p")}`;
    const response = await sendJson<Url>("POST", "/urls", { original_url: target, title: "Launch", user_id: user.id });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body)).toEqual([
      "clicks_remaining",
      "created_at",
      "domain",
      "expired_url",
      "expires_at",
      "fallback_url",
      "health",
      "id",
      "imported_clicks",
      "is_active",
      "max_clicks",
      "original_url",
      "password_protected",
      "query_forwarding",
      "rules",
      "short_code",
      "state",
      "tags",
      "title",
      "updated_at",
      "user_id",
      "utm",
      "valid_since",
      "workspace_id",
    ]);
    expect(response.body).toMatchObject({ original_url: target, title: "Launch", user_id: user.id, is_active: true });
    // A link created with none of the new settings behaves as links always did, plus forwarding.
    expect(response.body).toMatchObject({
      state: "active",
      valid_since: null,
      expires_at: null,
      max_clicks: null,
      clicks_remaining: null,
      expired_url: null,
      query_forwarding: "fill",
      rules: null,
      utm: null,
    });
    expect(response.body.short_code).toMatch(/^[A-Za-z0-9]{6}$/);

    const events = await get<AuditEvent[]>(`/urls/${response.body.id}/events`);
    expect(events.body).toHaveLength(1);
    expect(events.body[0]).toMatchObject({
      event_type: "created",
      url_id: response.body.id,
      user_id: user.id,
      details: { short_code: response.body.short_code, original_url: target },
    });
  });

  it("accepts a user_id given as a string of digits", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: String(user.id) });
    expect(url.user_id).toBe(user.id);
  });

  it("POST /shorten answers only original_url and short_code", async () => {
    const target = `https://example.com/${unique("s")}`;
    const response = await sendJson("POST", "/shorten", { url: target });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body as object)).toEqual(["original_url", "short_code"]);
  });

  it("accepts a custom short_code once and answers 409 the second time", async () => {
    const code = unique("promo-");
    const first = await createUrl({ short_code: code });
    expect(first.short_code).toBe(code);
    const second = await sendJson("POST", "/urls", { original_url: "https://example.com/x", short_code: code });
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ error: "short_code already exists" });
    const reserved = await sendJson("POST", "/urls", { original_url: "https://example.com/x", short_code: "health" });
    expect(reserved.status).toBe(400);
  });

  it.each([
    ["/urls", {}, "original_url is required"],
    ["/urls", { original_url: "" }, "invalid url"],
    ["/urls", { original_url: "   " }, "invalid url"],
    ["/urls", { original_url: "example.com" }, "invalid url"],
    ["/urls", { original_url: "ftp://example.com/f" }, "invalid url"],
    ["/urls", { original_url: "http://" }, "invalid url"],
    ["/urls", { original_url: 12345 }, "invalid url"],
    ["/urls", { original_url: "javascript:alert(1)" }, "invalid url"],
    ["/urls", { original_url: `https://example.com/${"a".repeat(2100)}` }, "invalid url"],
    ["/urls", { original_url: "https://example.com", title: "t".repeat(256) }, "title must be at most 255 characters"],
    ["/urls", { original_url: "https://example.com", title: 5 }, "title must be a string or null"],
    ["/urls", { original_url: "https://example.com", user_id: "abc" }, "user_id must be an integer"],
    ["/urls", { original_url: "https://example.com", user_id: -3 }, "user_id must be a positive integer"],
    ["/urls", { original_url: "https://example.com", user_id: 2_000_000_000 }, "user_id 2000000000 does not exist"],
    ["/shorten", {}, "url is required"],
    ["/shorten", { url: "not-a-url" }, "invalid url"],
  ])("POST %s %j → 400", async (path, payload, message) => {
    const response = await sendJson("POST", path, payload);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: message });
  });

  it("accepts HTTP in upper case, like the seed, and stores its serialisation", async () => {
    const url = await createUrl({ original_url: "HTTP://EXAMPLE.COM/Upper" });
    expect(url.original_url).toBe("http://example.com/Upper");
  });

  it("gets a url, and 404s an unknown or malformed id", async () => {
    const url = await createUrl();
    expect((await get<Url>(`/urls/${url.id}`)).body).toEqual(url);
    const missing = await get("/urls/2000000000");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "url not found" });
    const malformed = await get("/urls/abc");
    expect(malformed.status).toBe(404);
    expect(malformed.body).toEqual({ error: "not found" });
    expect((await get("/urls/99999999999999")).status).toBe(404);
  });

  it("PUT and PATCH update fields and write an updated event with the actor", async () => {
    const user = await createUser();
    const url = await createUrl({ user_id: user.id });
    const put = await sendJson<Url>("PUT", `/urls/${url.id}`, { title: "Renamed", user_id: user.id });
    expect(put.status).toBe(200);
    expect(put.body.title).toBe("Renamed");
    const patch = await sendJson<Url>("PATCH", `/urls/${url.id}`, { original_url: "https://example.org/new" });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ original_url: "https://example.org/new", title: "Renamed", user_id: user.id });

    const events = await get<AuditEvent[]>(`/urls/${url.id}/events`);
    expect(events.body.map((e) => e.event_type)).toEqual(["created", "updated", "updated"]);
    expect(events.body[1]).toMatchObject({ user_id: user.id, details: { title: "Renamed" } });
    expect(events.body[2]?.details).toMatchObject({ original_url: "https://example.org/new" });
  });

  it("validates updates in the seed's order", async () => {
    const url = await createUrl();
    const cases: [unknown, number, string][] = [
      [{}, 400, "no valid fields to update"],
      [{ original_url: "nope" }, 400, "invalid url"],
      [{ is_active: "yes" }, 400, "is_active must be a boolean"],
      [{ original_url: "nope", is_active: "yes" }, 400, "invalid url"],
      [{ title: "x", user_id: 2_000_000_000 }, 400, "user_id 2000000000 does not exist"],
      [{ user_id: 3 }, 400, "no valid fields to update"],
    ];
    for (const [payload, status, message] of cases) {
      const response = await sendJson("PATCH", `/urls/${url.id}`, payload);
      expect([response.status, response.body]).toEqual([status, { error: message }]);
    }
    const missing = await sendJson("PUT", "/urls/2000000000", { title: "x" });
    expect([missing.status, missing.body]).toEqual([404, { error: "url not found" }]);
  });

  it("a rejected actor leaves the url unchanged (write and event are atomic)", async () => {
    const url = await createUrl({ title: "Before" });
    await sendJson("PATCH", `/urls/${url.id}`, { title: "After", user_id: 2_000_000_000 });
    expect((await get<Url>(`/urls/${url.id}`)).body.title).toBe("Before");
  });

  it("soft-deletes: 200, inactive, one deleted event even when repeated; PUT restores", async () => {
    const url = await createUrl();
    const first = await send("DELETE", `/urls/${url.id}`);
    expect([first.status, first.body]).toEqual([200, { message: "deleted" }]);
    const again = await send("DELETE", `/urls/${url.id}`);
    expect(again.status).toBe(200);
    expect((await get<Url>(`/urls/${url.id}`)).body.is_active).toBe(false);
    const events = await get<AuditEvent[]>(`/urls/${url.id}/events`);
    expect(events.body.filter((e) => e.event_type === "deleted")).toHaveLength(1);
    expect(events.body.at(-1)?.details).toEqual({ short_code: url.short_code });

    const restored = await sendJson<Url>("PUT", `/urls/${url.id}`, { is_active: true });
    expect(restored.body.is_active).toBe(true);
    expect((await send("DELETE", "/urls/2000000000")).status).toBe(404);
  });

  it("filters by user_id and is_active, and paginates", async () => {
    const user = await createUser();
    const a = await createUrl({ user_id: user.id });
    const b = await createUrl({ user_id: user.id });
    const c = await createUrl({ user_id: user.id });
    await send("DELETE", `/urls/${b.id}`);
    const active = await get<Url[]>(`/urls?user_id=${user.id}&is_active=true`);
    expect(active.body.map((u) => u.id)).toEqual([a.id, c.id]);
    const inactive = await get<Url[]>(`/urls?user_id=${user.id}&is_active=False`);
    expect(inactive.body.map((u) => u.id)).toEqual([b.id]);
    const page2 = await get<Url[]>(`/urls?user_id=${user.id}&page=2&per_page=2`);
    expect(page2.body.map((u) => u.id)).toEqual([c.id]);
  });

  it.each(["is_active=yes", "is_active=1", "user_id=abc", "user_id=-1", "page=0&per_page=-1"])(
    "rejects the filter %s with 400",
    async (query) => {
      const response = await get(`/urls?${query}`);
      expect(response.status).toBe(400);
    },
  );

  it("404s events of an unknown url", async () => {
    const response = await get("/urls/2000000000/events");
    expect([response.status, response.body]).toEqual([404, { error: "url not found" }]);
  });
});
