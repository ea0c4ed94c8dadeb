import { describe, expect, it } from "vitest";
import { clearIsolateRedirects } from "../../worker/cache/link-cache";
import { callWorker, countCalls, createUrl, createUser, get, send, sendJson, type Url, unique } from "../harness";

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const HTML = { Accept: "text/html,application/xhtml+xml" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function follow(code: string, init: RequestInit = {}) {
  const { response, settled } = await callWorker(`/${code}`, init);
  const body = await response.text();
  await settled();
  return { status: response.status, headers: response.headers, body };
}

describe("link lifecycle: the API", () => {
  it("creates a link with every setting and answers them back, state and clicks_remaining included", async () => {
    const validSince = inSeconds(-60);
    const expiresAt = inSeconds(3600);
    const url = await createUrl({
      valid_since: validSince,
      expires_at: expiresAt.replace("Z", "+00:00"),
      max_clicks: 5,
      expired_url: "https://example.com/ended",
      query_forwarding: "merge",
      utm: { source: "newsletter", medium: "email" },
    });
    expect(url).toMatchObject({
      state: "active",
      valid_since: validSince,
      expires_at: expiresAt,
      max_clicks: 5,
      clicks_remaining: 5,
      expired_url: "https://example.com/ended",
      query_forwarding: "merge",
      utm: { source: "newsletter", medium: "email" },
    });
    const events = await get<{ details: Record<string, unknown> }[]>(`/urls/${url.id}/events`);
    expect(events.body[0]?.details).toMatchObject({ expires_at: expiresAt, max_clicks: 5, query_forwarding: "merge" });
  });

  it.each([
    [{ expires_at: "2030-01-01T00:00:00" }, "expires_at must be an RFC 3339 time with an offset"],
    [{ valid_since: "2030-02-30T00:00:00Z" }, "valid_since must be an RFC 3339 time with an offset"],
    [{ expires_at: 1893456000 }, "expires_at must be a string or null"],
    [{ expires_at: "2020-01-01T00:00:00Z" }, "expires_at must be in the future"],
    [
      { valid_since: "2031-01-01T00:00:00Z", expires_at: "2030-01-01T00:00:00Z" },
      "valid_since must be before expires_at",
    ],
    [
      { valid_since: "2030-01-01T00:00:00Z", expires_at: "2030-01-01T00:00:00Z" },
      "valid_since must be before expires_at",
    ],
    [{ max_clicks: 0 }, "max_clicks must be between 1 and 1000000000"],
    [{ max_clicks: 1_000_000_001 }, "max_clicks must be between 1 and 1000000000"],
    [{ max_clicks: 2.5 }, "max_clicks must be an integer or null"],
    [{ max_clicks: "10" }, "max_clicks must be an integer or null"],
    [{ expired_url: "javascript:alert(1)" }, "expired_url: invalid url"],
    [
      { expired_url: "http://10.0.0.1/" },
      "expired_url: invalid url: private, loopback and link-local hosts are not allowed",
    ],
    [
      { expired_url: "http://linkscope.test/abc123" },
      "expired_url: invalid url: links to this service itself are not allowed",
    ],
    [{ query_forwarding: "all" }, "query_forwarding must be off, fill or merge"],
    [{ utm: { source: "" } }, "utm.source must not be empty"],
    [{ utm: { source: "x".repeat(256) } }, "utm.source must be at most 255 characters"],
    [{ utm: { source: "a\nb" } }, "utm.source must be printable"],
    [{ utm: { referrer: "x" } }, "utm: unknown field: referrer"],
    [{ utm: "newsletter" }, "utm must be an object or null"],
  ])("refuses %j with 400", async (fields, message) => {
    const response = await sendJson<{ error: string }>("POST", "/urls", {
      original_url: `https://example.com/${unique("bad")}`,
      ...fields,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(message);
  });

  it("an edit is checked against the stored other end of the window, and may expire a link at once", async () => {
    const url = await createUrl({ expires_at: inSeconds(3600) });
    const tooLate = await sendJson<{ error: string }>("PATCH", `/urls/${url.id}`, { valid_since: inSeconds(7200) });
    expect([tooLate.status, tooLate.body.error]).toEqual([400, "valid_since must be before expires_at"]);
    const expired = await sendJson<Url>("PATCH", `/urls/${url.id}`, { expires_at: inSeconds(-1) });
    expect([expired.status, expired.body.state]).toEqual([200, "expired"]);
    const cleared = await sendJson<Url>("PUT", `/urls/${url.id}`, { expires_at: null });
    expect([cleared.body.state, cleared.body.expires_at]).toEqual(["active", null]);
  });

  it("GET /urls?state= filters by the state as of the request, and refuses an unknown state", async () => {
    const owner = await createUser();
    const active = await createUrl({ user_id: owner.id });
    const scheduled = await createUrl({ user_id: owner.id, valid_since: inSeconds(3600) });
    const expiring = await createUrl({ user_id: owner.id, expires_at: inSeconds(1) });
    const inactive = await createUrl({ user_id: owner.id });
    await send("DELETE", `/urls/${inactive.id}`);
    const capped = await createUrl({ user_id: owner.id, max_clicks: 3 });
    await sleep(1100);
    const ids = async (state: string) =>
      (await get<Url[]>(`/urls?user_id=${owner.id}&state=${state}`)).body.map((url) => [url.id, url.state]);
    expect(await ids("active")).toEqual([
      [active.id, "active"],
      [capped.id, "active"],
    ]);
    expect(await ids("scheduled")).toEqual([[scheduled.id, "scheduled"]]);
    expect(await ids("expired")).toEqual([[expiring.id, "expired"]]);
    expect(await ids("inactive")).toEqual([[inactive.id, "inactive"]]);
    expect(await ids("exhausted")).toEqual([]);
    // The unfiltered (cached) list and the single link show the state as of now too.
    const all = (await get<Url[]>(`/urls?user_id=${owner.id}`)).body;
    expect(all.find((url) => url.id === expiring.id)?.state).toBe("expired");
    expect((await get<Url>(`/urls/${expiring.id}`)).body.state).toBe("expired");
    const bad = await get<{ error: string }>("/urls?state=gone");
    expect([bad.status, bad.body.error]).toEqual([
      400,
      "state must be one of active, scheduled, expired, exhausted, inactive",
    ]);
  });
});

describe("link lifecycle: redirects", () => {
  it("before valid_since: 404 with a page that says when (HTML for browsers, JSON for the rest)", async () => {
    const validSince = inSeconds(3600);
    const url = await createUrl({ valid_since: validSince });
    const page = await follow(url.short_code, { headers: HTML });
    expect(page.status).toBe(404);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    expect(page.body).toContain("not active yet");
    expect(page.body).toContain(validSince);
    expect(page.body).not.toContain(url.original_url);
    const json = await follow(url.short_code);
    expect(json.status).toBe(404);
    expect(JSON.parse(json.body)).toEqual({ error: "link not active yet", valid_since: validSince });
  });

  it("an expiry reached while the link sits in the isolate cache is exact: 410 from memory, no I/O", async () => {
    const url = await createUrl({ expires_at: inSeconds(1.5) });
    expect((await follow(url.short_code)).status).toBe(302); // fills both tiers
    expect((await follow(url.short_code)).status).toBe(302);
    await sleep(1600);
    const calls = countCalls();
    const gone = await follow(url.short_code, { headers: HTML });
    expect(gone.status).toBe(410);
    expect(gone.body).toContain("This link has expired");
    expect(gone.headers.get("Cache-Control")).toBe("private, no-store");
    expect(calls()).toMatchObject({ postgres: 0, redis: 0, durableObject: 0 });
  });

  it("the same holds for a record answered from Redis", async () => {
    const url = await createUrl({ expires_at: inSeconds(1.5), expired_url: "https://example.com/over" });
    expect((await follow(url.short_code)).status).toBe(302);
    await sleep(1600);
    clearIsolateRedirects();
    const calls = countCalls();
    const fallback = await follow(url.short_code);
    expect([fallback.status, fallback.headers.get("Location")]).toEqual([302, "https://example.com/over"]);
    expect(calls().postgres).toBe(0);
  });

  it("an ended link is not a wrong link: 410 JSON, not the 404 of an unknown code", async () => {
    const url = await createUrl();
    await sendJson("PATCH", `/urls/${url.id}`, { expires_at: inSeconds(-1) });
    const gone = await follow(url.short_code);
    expect([gone.status, JSON.parse(gone.body)]).toEqual([410, { error: "link expired" }]);
    expect((await follow(unique("nx"))).status).toBe(404);
  });

  it("forwards the incoming query by the link's mode, adds its UTM tags, keeps the fragment", async () => {
    const fill = await createUrl({
      original_url: "https://shop.example/item?ref=affiliate#reviews",
      utm: { source: "newsletter" },
    });
    const filled = await follow(`${fill.short_code}?ref=platform&color=red&ls_src=qr`);
    expect(filled.headers.get("Location")).toBe(
      "https://shop.example/item?ref=affiliate&utm_source=newsletter&color=red#reviews",
    );
    const merge = await createUrl({
      original_url: "https://shop.example/item?ref=affiliate",
      query_forwarding: "merge",
    });
    expect((await follow(`${merge.short_code}?ref=platform`)).headers.get("Location")).toBe(
      "https://shop.example/item?ref=platform",
    );
    const off = await createUrl({ original_url: "https://shop.example/item", query_forwarding: "off" });
    expect((await follow(`${off.short_code}?ref=platform`)).headers.get("Location")).toBe("https://shop.example/item");
    // From the isolate cache too (the second request of each is a cached hit).
    expect((await follow(`${fill.short_code}?color=blue`)).headers.get("Location")).toBe(
      "https://shop.example/item?ref=affiliate&utm_source=newsletter&color=blue#reviews",
    );
  });

  it("counts each outcome on linkscope_redirects_total", async () => {
    const ended = await createUrl({ expires_at: inSeconds(3600) });
    await sendJson("PATCH", `/urls/${ended.id}`, { expires_at: inSeconds(-1) });
    await follow(ended.short_code);
    const scheduled = await createUrl({ valid_since: inSeconds(3600) });
    await follow(scheduled.short_code);
    const scrape = await follow("prometheus");
    const exposition = scrape.body;
    expect(exposition).toMatch(/linkscope_redirects_total\{outcome="expired",tier="[a-z]+"\} [1-9]/);
    expect(exposition).toMatch(/linkscope_redirects_total\{outcome="scheduled",tier="[a-z]+"\} [1-9]/);
  });
});
