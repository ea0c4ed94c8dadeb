// A link's health history: a stored check that moves the link to another health state writes one
// `health_changed` audit event in the same statement (store-health.ts); a check that keeps the state
// writes none, nor does one of a destination changed meanwhile; clients cannot post the type.
import { afterAll, describe, expect, it } from "vitest";
import type { LinkHealth } from "../../worker/services/link-health/next-health";
import { storeHealth } from "../../worker/services/link-health/store-health";
import { callApi, createUrl, openTestDatabase } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

const checked = (fields: Partial<LinkHealth>): LinkHealth => ({
  state: "healthy",
  checkedAt: Date.now(),
  status: 200,
  finalUrl: null,
  hops: 0,
  latencyMs: 12.4,
  error: null,
  failures: 0,
  firstFailureAt: null,
  nextCheckAt: Date.now() + 3_600_000,
  ...fields,
});

interface EventRow extends Record<string, unknown> {
  event_type: string;
  actor_kind: string | null;
  user_id: number | null;
  workspace_id: number;
  details: string;
}

async function healthEvents(urlId: number) {
  const result = await database.db.execute<EventRow>(
    `SELECT event_type, actor_kind, user_id, workspace_id, details FROM events
     WHERE url_id = ${urlId} AND event_type = 'health_changed' ORDER BY id`,
  );
  return result.rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
}

describe("health_changed events", () => {
  it("each change of state writes one event (the system's, in the link's workspace); a kept state none", async () => {
    const url = await createUrl({ original_url: "https://example.com/health-history" });
    const first = await storeHealth(database.db, url.id, url.original_url, checked({ state: "healthy", status: 200 }));
    expect(first?.healthState).toBe("healthy");
    expect(first?.healthLatencyMs).toBe(12);
    await storeHealth(database.db, url.id, url.original_url, checked({ state: "healthy", status: 206 }));
    await storeHealth(
      database.db,
      url.id,
      url.original_url,
      checked({ state: "suspect", status: 404, error: "http_status", failures: 1, firstFailureAt: Date.now() }),
    );
    const events = await healthEvents(url.id);
    expect(events).toEqual([
      {
        event_type: "health_changed",
        actor_kind: "system",
        user_id: null,
        workspace_id: url.workspace_id,
        details: { from: "unknown", to: "healthy", status: 200, error: null, final_url: null },
      },
      {
        event_type: "health_changed",
        actor_kind: "system",
        user_id: null,
        workspace_id: url.workspace_id,
        details: { from: "healthy", to: "suspect", status: 404, error: "http_status", final_url: null },
      },
    ]);
    // The row holds the latest check, and when the state last changed.
    const [row] = (
      await database.db.execute<{ health_status: number; health_failures: number }>(
        `SELECT health_status, health_failures FROM urls WHERE id = ${url.id}`,
      )
    ).rows;
    expect(row).toEqual({ health_status: 404, health_failures: 1 });
    // GET /urls/{id}/events shows them with the rest of the link's history.
    const listed = await callApi("GET", `/urls/${url.id}/events`);
    expect((listed.body as { event_type: string }[]).map((event) => event.event_type)).toEqual([
      "created",
      "health_changed",
      "health_changed",
    ]);
  });

  it("a check of a destination changed meanwhile stores nothing and writes no event", async () => {
    const url = await createUrl({ original_url: "https://example.com/health-history-moved" });
    const stored = await storeHealth(database.db, url.id, "https://example.com/before", checked({ state: "broken" }));
    expect(stored).toBeUndefined();
    expect(await healthEvents(url.id)).toEqual([]);
  });

  it("two checks stored at once with the same new state write one event", async () => {
    const url = await createUrl({ original_url: "https://example.com/health-history-race" });
    const moved = checked({ state: "moved", finalUrl: "https://parked.example.net/" });
    const both = await Promise.all([
      storeHealth(database.db, url.id, url.original_url, moved),
      storeHealth(database.db, url.id, url.original_url, moved),
    ]);
    expect(both.map((row) => row?.healthState)).toEqual(["moved", "moved"]);
    const events = await healthEvents(url.id);
    expect(events.map((event) => event.details)).toEqual([
      { from: "unknown", to: "moved", status: 200, error: null, final_url: "https://parked.example.net/" },
    ]);
  });

  it("POST /events refuses the type: only the service records it", async () => {
    const url = await createUrl();
    for (const type of ["health_changed", " Health_Changed "]) {
      const posted = await callApi("POST", "/events", { body: { url_id: url.id, event_type: type } });
      expect(posted.status).toBe(400);
      expect(posted.body.error).toBe(
        "event_type must not be one the service records itself (created, updated, deleted, health_changed)",
      );
    }
  });
});
