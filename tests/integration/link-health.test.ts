// Link health through the API: every url response carries its destination's health; the owner can
// check it now; the states a local destination server can drive it into; the list filter.
import { afterAll, describe, expect, it } from "vitest";
import {
  alertLane,
  callApi,
  callWorker,
  createUser,
  ALLOW_PRIVATE as LOCAL,
  openTestDatabase,
  runCron,
  TEST_DESTINATIONS_URL as SERVER,
  unique,
} from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

async function linkTo(behaviour: string, userId?: number) {
  const created = await callApi("POST", "/urls", {
    body: { original_url: `${SERVER}/${unique("h")}/${behaviour}`, ...(userId ? { user_id: userId } : {}) },
    overrides: LOCAL,
  });
  expect(created.status).toBe(201);
  return created.body as { id: number; original_url: string; health: Record<string, unknown> };
}

const check = (id: number, overrides = {}) =>
  callApi("POST", `/urls/${id}/health/check`, { overrides: { ...LOCAL, ...overrides } });

/** Moves the last check back in time, past the one-a-minute limit. */
const olderCheck = (id: number, minutes: number) =>
  database.db.execute(
    `UPDATE urls SET health_checked_at = health_checked_at - interval '${minutes} minutes',
       health_first_failure_at = health_first_failure_at - interval '${minutes} minutes' WHERE id = ${id}`,
  );

describe("link health", () => {
  it("a new link's health is unknown; a check of a page that answers makes it healthy, shown everywhere", async () => {
    const url = await linkTo("ok");
    expect(url.health).toEqual({
      state: "unknown",
      checked_at: null,
      status: null,
      final_url: null,
      hops: null,
      latency_ms: null,
      error: null,
    });
    const checked = await check(url.id);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({
      url_id: url.id,
      health: { state: "healthy", status: 206, final_url: url.original_url, hops: 0, error: null },
    });
    expect(Date.parse(checked.body.health.checked_at)).toBeGreaterThan(Date.now() - 60_000);
    // The cached response was dropped: the link shows its new health.
    expect((await callApi("GET", `/urls/${url.id}`)).body.health).toEqual(checked.body.health);
  });

  it.each([
    ["missing", { state: "suspect", status: 404, error: "http_status" }],
    ["error", { state: "suspect", status: 500, error: "http_status" }],
    ["loop", { state: "suspect", error: "redirect_loop" }],
    ["moved", { state: "moved", status: 206, hops: 1 }],
    ["forbidden", { state: "blocked", status: 403, error: null }],
    ["challenge", { state: "blocked", status: 403 }],
    ["limited", { state: "blocked", status: 429 }],
  ])("a destination that answers %s leaves the link %o", async (behaviour, expected) => {
    const url = await linkTo(behaviour);
    const checked = await check(url.id);
    expect(checked.status).toBe(200);
    expect(checked.body.health).toMatchObject(expected);
  });

  it("a slow destination times out (HEALTH_CHECK_TIMEOUT_MS)", async () => {
    const url = await linkTo("slow?ms=3000");
    const checked = await check(url.id, { HEALTH_CHECK_TIMEOUT_MS: "400" });
    expect(checked.body.health).toMatchObject({ state: "suspect", status: null, error: "timeout" });
  });

  it("broken after HEALTH_BROKEN_AFTER failures spanning HEALTH_BROKEN_MIN_SPAN_MINUTES; healthy again when it answers", async () => {
    const settings = { HEALTH_BROKEN_AFTER: "3", HEALTH_BROKEN_MIN_SPAN_MINUTES: "120" };
    const url = await linkTo("missing");
    const states: string[] = [];
    for (const minutesLater of [0, 61, 61]) {
      await olderCheck(url.id, minutesLater);
      states.push((await check(url.id, settings)).body.health.state);
    }
    expect(states).toEqual(["suspect", "suspect", "broken"]);
    // The destination comes back (the owner points it at a working page: health starts over).
    const edited = await callApi("PATCH", `/urls/${url.id}`, {
      body: { original_url: url.original_url.replace(/missing$/, "ok") },
      overrides: LOCAL,
    });
    expect(edited.body.health.state).toBe("unknown");
    expect((await check(url.id, settings)).body.health.state).toBe("healthy");
  });

  it("one check a minute per link: 429 with Retry-After", async () => {
    const url = await linkTo("ok");
    expect((await check(url.id)).status).toBe(200);
    const again = await check(url.id);
    expect(again.status).toBe(429);
    expect(again.body.error).toMatch(/checked less than a minute ago: try again in \d+ s/);
    expect(Number(again.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("20 concurrent checks of one link: exactly one runs, the others are 429 (issue 27, 8.)", async () => {
    const url = await linkTo("ok");
    const answers = await Promise.all(Array.from({ length: 20 }, () => check(url.id)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(19);
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    // The destination saw one request: one check ran.
    const path = new URL(url.original_url).pathname;
    const seen = (await (await fetch(`${SERVER}/__requests?prefix=${encodeURIComponent(path)}`)).json()) as unknown[];
    expect(seen).toHaveLength(1);
  });

  it("GET /urls?health= lists the links in that state; an unknown state is a 400", async () => {
    const owner = await createUser();
    const broken = await linkTo("error", owner.id);
    const fine = await linkTo("ok", owner.id);
    await check(broken.id);
    await check(fine.id);
    const suspects = await callApi("GET", `/urls?user_id=${owner.id}&health=suspect`);
    expect(suspects.body.map((url: { id: number }) => url.id)).toEqual([broken.id]);
    const healthy = await callApi("GET", `/urls?user_id=${owner.id}&health=healthy`);
    expect(healthy.body.map((url: { id: number }) => url.id)).toEqual([fine.id]);
    const bad = await callApi("GET", "/urls?health=sick");
    expect(bad).toMatchObject({
      status: 400,
      body: { error: "health must be one of unknown, healthy, suspect, broken, blocked, moved" },
    });
  });

  it("without ALLOW_PRIVATE_DESTINATIONS a check never reaches a private address; unknown links are 404", async () => {
    const url = await linkTo("ok");
    const checked = await callApi("POST", `/urls/${url.id}/health/check`);
    expect(checked.body.health).toMatchObject({ state: "suspect", error: "refused_destination", status: null });
    expect((await callApi("POST", "/urls/2000000000/health/check")).status).toBe(404);
  });

  it("operators see the links per state (linkscope_links_by_health), counted by the evaluator", async () => {
    const suspect = await linkTo("missing");
    await check(suspect.id);
    const expected = await database.db.execute<{ state: string; links: number }>(
      "SELECT health_state AS state, count(*)::int AS links FROM urls WHERE is_active GROUP BY 1",
    );
    const lane = alertLane();
    await runCron(Math.floor(Date.now() / 60_000) * 60_000, lane.overrides);
    const { response, settled } = await callWorker("/prometheus", {}, lane.overrides);
    const text = await response.text();
    await settled();
    for (const state of ["unknown", "healthy", "suspect", "broken", "blocked", "moved"]) {
      expect(text).toMatch(new RegExp(`linkscope_links_by_health\\{state="${state}"\\} \\d+`));
    }
    // Other tests add links meanwhile: at least what was counted before the evaluation.
    const suspects = Number(/linkscope_links_by_health\{state="suspect"\} (\d+)/.exec(text)?.[1]);
    const before = expected.rows.find((row) => row.state === "suspect")?.links ?? 0;
    expect(suspects).toBeGreaterThanOrEqual(Math.max(1, Number(before)));
  });
});
