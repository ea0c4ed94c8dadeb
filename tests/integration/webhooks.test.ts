// Webhooks against a local receiver (the destination server): endpoints and their rules, deliveries
// written with the write that caused them, signed as Standard Webhooks say and verified with the
// standard's own library, retried on the schedule, and endpoints given up on only when the rules say.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import worker from "../../worker/index";
import { deliverOnce, type WebhookMessage } from "../../worker/services/webhooks/deliver-once";
import { LEASE_PER_ENDPOINT, WEBHOOKS_QUEUE } from "../../worker/services/webhooks/dispatch-deliveries";
import {
  alertLane,
  callApi,
  callWorker,
  countCalls,
  ALLOW_PRIVATE as LOCAL,
  openTestDatabase,
  runCron,
  TEST_DESTINATIONS_URL as SERVER,
  scrapePrometheus,
  seriesValue,
  unique,
} from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

interface Received {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

async function received(prefix: string): Promise<Received[]> {
  const response = await fetch(`${SERVER}/__requests?prefix=${encodeURIComponent(prefix)}`);
  return ((await response.json()) as Received[]).filter((request) => request.method === "POST");
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function owner(email = `${unique("wh")}@example.test`) {
  const user = await callApi("POST", "/users", { body: { username: unique("wh"), email } });
  expect(user.status).toBe(201);
  return user.body.id as number;
}

async function endpoint(userId: number, behaviour: string, fields: Record<string, unknown> = {}) {
  const prefix = `/${unique("hook")}`;
  const created = await callApi("POST", "/webhooks", {
    body: { url: `${SERVER}${prefix}/${behaviour}`, events: ["link.created"], user_id: userId, ...fields },
    overrides: LOCAL,
  });
  expect(created.status).toBe(201);
  return { ...(created.body as { id: number; secret: string; url: string }), prefix };
}

const createLink = async (userId: number | null, path = unique("l")) => {
  const created = await callApi("POST", "/urls", {
    body: { original_url: `https://example.com/${path}`, user_id: userId },
  });
  expect(created.status).toBe(201);
  return created.body as { id: number; short_code: string };
};

async function deliveryRows(webhookId: number) {
  const result = await database.db.execute<{
    id: string;
    event_type: string;
    state: string;
    attempts: number;
    next_attempt_at: string;
    leased_until: string | null;
  }>(`SELECT id, event_type, state, attempts, next_attempt_at, leased_until FROM webhook_deliveries
      WHERE webhook_id = ${webhookId} ORDER BY created_at`);
  return result.rows;
}

const webhookRow = async (id: number) =>
  (
    await database.db.execute<{ state: string; disabled_reason: string | null; consecutive_failures: number }>(
      `SELECT state, disabled_reason, consecutive_failures, failing_notified_at FROM webhooks WHERE id = ${id}`,
    )
  ).rows[0];

/**
 * The endpoint's pending deliveries through the webhook queue's consumer (the worker's own handler),
 * under this file's settings: the suite pauses dispatch (WEBHOOK_DISPATCH=off), since the real queue's
 * consumer runs without ALLOW_PRIVATE_DESTINATIONS and could not reach the local receiver.
 */
async function drain(webhookId: number, overrides: Record<string, string> = {}) {
  const pending = (await deliveryRows(webhookId)).filter((row) => row.state === "pending");
  const batch = createMessageBatch<WebhookMessage>(
    WEBHOOKS_QUEUE,
    pending.map((row, index) => ({
      id: `w${index}`,
      timestamp: new Date(),
      attempts: 1,
      body: { deliveryId: row.id },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...LOCAL, WEBHOOK_DISPATCH: "on", ...overrides } as Env, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.retryMessages).toEqual([]);
  return pending.length;
}

/** One attempt of a delivery, now, with the test's own time limit (the queue is left out). */
const attempt = (deliveryId: string, timeoutMs?: number) =>
  deliverOnce(
    { db: database.db, config: readConfig({ ...env, ...LOCAL } as Env), ...(timeoutMs ? { timeoutMs } : {}) },
    deliveryId,
  );

/**
 * A delivery made by hand (no event, no queue message), leased for an hour so no sweep takes it: the
 * test attempts it itself.
 */
async function manualDelivery(webhookId: number): Promise<string> {
  const result = await database.db.execute<{ id: string }>(
    `INSERT INTO webhook_deliveries (webhook_id, event_type, body, leased_until)
     VALUES (${webhookId}, 'link.created', '{"type":"link.created","data":{}}', now() + interval '1 hour') RETURNING id`,
  );
  return result.rows[0]?.id as string;
}

/** Makes a pending delivery due now (as if its retry time had come). */
const dueNow = (deliveryId: string) =>
  database.db.execute(
    `UPDATE webhook_deliveries SET next_attempt_at = now(), leased_until = NULL WHERE id = '${deliveryId}'`,
  );

describe("webhook endpoints", () => {
  it("are created with a secret shown once, listed without it, changed and deleted", async () => {
    const userId = await owner();
    const link = await createLink(userId);
    const created = await callApi("POST", "/webhooks", {
      body: {
        url: `${SERVER}/x/accept`,
        events: ["link.created", "link.clicked", "link.created"],
        filter: { url_ids: [link.id] },
        user_id: userId,
        description: "CRM sync",
      },
      overrides: LOCAL,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      user_id: userId,
      events: ["link.created", "link.clicked"],
      filter: { url_ids: [link.id] },
      click_classes: "human",
      state: "active",
      consecutive_failures: 0,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await database.db.execute<{ secret: string }>(
      `SELECT secret FROM webhooks WHERE id = ${created.body.id}`,
    );
    expect(stored.rows[0]?.secret).not.toContain(created.body.secret.slice(6)); // sealed, never in the clear
    const read = await callApi("GET", `/webhooks/${created.body.id}`);
    expect(read.body.secret).toBeUndefined();
    expect((await callApi("GET", "/webhooks")).body.map((hook: { id: number }) => hook.id)).toContain(created.body.id);

    const patched = await callApi("PATCH", `/webhooks/${created.body.id}`, {
      body: { events: ["link.deleted"], click_classes: "all", enabled: false },
    });
    expect(patched.body).toMatchObject({
      events: ["link.deleted"],
      click_classes: "all",
      state: "disabled",
      disabled_reason: "owner",
    });
    expect((await callApi("PATCH", `/webhooks/${created.body.id}`, { body: { enabled: true } })).body.state).toBe(
      "active",
    );
    expect((await callApi("DELETE", `/webhooks/${created.body.id}`)).status).toBe(200);
    expect((await callApi("GET", `/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it("answers every bad field with a 400 naming it", async () => {
    const userId = await owner();
    const strangersLink = await createLink(await owner());
    const good = { url: "https://hooks.example.com/in", events: ["link.created"], user_id: userId };
    const cases: [Record<string, unknown>, string, Record<string, string>?][] = [
      [{ ...good, url: "http://hooks.example.com/in" }, "url: webhooks are delivered over https only"],
      [{ ...good, url: "javascript:alert(1)" }, "url: "],
      [{ ...good, url: 42 }, "url must be a string"],
      [{ ...good, url: `${SERVER}/x` }, "url: "],
      [{ ...good, url: "https://linkscope.test/hook" }, "url: "],
      [{ ...good, events: [] }, "events must name at least one event type"],
      [{ ...good, events: ["link.exploded"] }, "events must hold only"],
      [{ ...good, events: "link.created" }, "events must be an array"],
      [
        { ...good, filter: { url_ids: [strangersLink.id] } },
        `filter.url_ids: url ${strangersLink.id} is not one of the workspace's links`,
      ],
      [
        { ...good, filter: { url_ids: Array.from({ length: 101 }, (_, i) => i + 1) } },
        "filter.url_ids must name at most 100 urls",
      ],
      [{ ...good, filter: { url_ids: [1.5] } }, "filter.url_ids must be an array of url ids"],
      [{ ...good, filter: { url_ids: ["7"] } }, "filter.url_ids must be an array of url ids"],
      [{ ...good, filter: { url_ids: [] } }, "filter.url_ids must name at least one url"],
      [{ ...good, filter: [7] }, "filter must be an object with url_ids, or null"],
      [{ ...good, filter: { url_ids: [7], tags: ["x"] } }, "tags"],
      [{ ...good, user_id: 2_000_000_000 }, "user_id 2000000000 does not exist"],
      [{ ...good, user_id: "7" }, "user_id must be an integer or null"],
      [{ ...good, click_classes: "bots" }, "click_classes must be human or all"],
      [{ ...good, description: "x".repeat(201) }, "description must be at most 200 characters"],
      [{ ...good, surprise: true }, "surprise"],
      [{ events: ["link.created"] }, "url"],
    ];
    expect((await callApi("POST", "/webhooks", { body: [] })).body.error).toBe(
      "the body must be a JSON object with url and events",
    );
    for (const [body, message] of cases) {
      const answer = await callApi("POST", "/webhooks", { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toContain(message);
    }
    expect((await callApi("PATCH", "/webhooks/2000000000", { body: { enabled: true } })).status).toBe(404);
  });

  it("belong to their user: another user's key sees a 404, a key cannot create for someone else", async () => {
    const admin = `admin-${crypto.randomUUID()}`;
    const production = { ADMIN_API_KEY: admin, REQUIRE_API_KEYS: "true", LINK_PASSWORD_SECRET: "s".repeat(40) };
    const keyOf = async () => {
      const name = unique("whk");
      const user = await callApi("POST", "/users", {
        key: admin,
        body: { username: name, email: `${name}@example.test` },
        overrides: production,
      });
      const key = await callApi("POST", `/users/${user.body.id}/api-keys`, { key: admin, overrides: production });
      return { userId: user.body.id as number, key: key.body.key as string };
    };
    const alice = await keyOf();
    const bob = await keyOf();
    const body = { url: "https://hooks.example.com/alice", events: ["link.created"] };
    const mine = await callApi("POST", "/webhooks", { key: alice.key, body, overrides: production });
    expect(mine.status).toBe(201);
    expect(mine.body.user_id).toBe(alice.userId);
    for (const [method, path] of [
      ["GET", `/webhooks/${mine.body.id}`],
      ["PATCH", `/webhooks/${mine.body.id}`],
      ["DELETE", `/webhooks/${mine.body.id}`],
      ["POST", `/webhooks/${mine.body.id}/rotate`],
      ["POST", `/webhooks/${mine.body.id}/test`],
      ["GET", `/webhooks/${mine.body.id}/deliveries`],
    ] as const) {
      const answer = await callApi(method, path, {
        key: bob.key,
        body: method === "PATCH" ? {} : undefined,
        overrides: production,
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect((await callApi("GET", "/webhooks", { key: bob.key, overrides: production })).body).toEqual([]);
    // A delivery's retry (its path ends in a UUID, not a number) is checked like every other path.
    await callApi("POST", "/urls", {
      key: alice.key,
      body: { original_url: "https://example.com/a" },
      overrides: production,
    });
    const [delivery] = await deliveryRows(mine.body.id);
    const retryPath = `/webhooks/${mine.body.id}/deliveries/${delivery?.id}/retry`;
    expect((await callApi("POST", retryPath, { overrides: production })).status).toBe(401);
    expect((await callApi("POST", retryPath, { key: bob.key, overrides: production })).status).toBe(404);
    expect((await callApi("POST", retryPath, { key: alice.key, overrides: production })).status).toBe(202);
    const forAlice = await callApi("POST", "/webhooks", {
      key: bob.key,
      body: { ...body, user_id: alice.userId },
      overrides: production,
    });
    expect(forAlice.status).toBe(403);
    // Without LINK_PASSWORD_SECRET in production there is nothing to seal a secret with.
    const unsealed = await callApi("POST", "/webhooks", {
      key: alice.key,
      body,
      overrides: { ...production, LINK_PASSWORD_SECRET: "" },
    });
    expect(unsealed.status).toBe(503);
  });
});

describe("webhook deliveries", () => {
  it("are written with the link's write, signed per Standard Webhooks and verified by its library", async () => {
    const userId = await owner();
    const hook = await endpoint(userId, "accept", { events: ["link.created", "link.updated", "link.deleted"] });
    const link = await createLink(userId);
    await callApi("PATCH", `/urls/${link.id}`, { body: { title: "Spring sale" } });
    await callApi("DELETE", `/urls/${link.id}`);
    expect(await drain(hook.id)).toBe(3);

    const deliveries = await received(hook.prefix);
    expect(deliveries).toHaveLength(3);
    const verifier = new Webhook(hook.secret);
    const events = deliveries.map((delivery) => {
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(delivery.headers["linkscope-webhook-version"]).toBe("1");
      expect(delivery.headers["user-agent"]).toBe("Linkscope-Webhooks/1.0");
      expect(delivery.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
      return verifier.verify(delivery.body, delivery.headers) as {
        type: string;
        timestamp: string;
        // biome-ignore lint/suspicious/noExplicitAny: the payload is checked field by field
        data: Record<string, any>;
      };
    });
    expect(events.map((event) => event.type).sort()).toEqual(["link.created", "link.deleted", "link.updated"]);
    const updated = events.find((event) => event.type === "link.updated");
    expect(updated?.data).toMatchObject({
      link: { id: link.id, title: "Spring sale" },
      changes: { title: "Spring sale" },
    });
    expect(events.find((event) => event.type === "link.deleted")?.data.link.is_active).toBe(false);
    // A tampered body or another secret does not verify.
    const first = deliveries[0] as Received;
    expect(() => verifier.verify(`${first.body} `, first.headers)).toThrow();
    expect(() =>
      new Webhook(`whsec_${btoa("another secret of enough length")}`).verify(first.body, first.headers),
    ).toThrow();
    const rows = await deliveryRows(hook.id);
    expect(rows.every((row) => row.state === "delivered" && row.attempts === 1)).toBe(true);
  });

  it("are never written for another user's links, nor for links outside the filter, nor for a rolled-back write", async () => {
    const userId = await owner();
    const everything = await endpoint(userId, "accept", { events: ["link.created"] });
    const taken = await createLink(await owner());
    await createLink(null);
    // A create refused by the database (a taken short code) rolls its event back: no delivery.
    const clash = await callApi("POST", "/urls", {
      body: { original_url: "https://example.com/clash", user_id: userId, short_code: taken.short_code },
    });
    expect(clash.status).toBe(409);
    expect(await deliveryRows(everything.id)).toEqual([]);
    const mine = await createLink(userId);
    expect((await deliveryRows(everything.id)).map((row) => row.event_type)).toEqual(["link.created"]);

    const other = await createLink(userId);
    const filtered = await endpoint(userId, "accept", { events: ["link.updated"], filter: { url_ids: [mine.id] } });
    await callApi("PATCH", `/urls/${other.id}`, { body: { title: "changed" } });
    await callApi("PATCH", `/urls/${taken.id}`, { body: { title: "changed" } });
    expect(await deliveryRows(filtered.id)).toEqual([]);
    await callApi("PATCH", `/urls/${mine.id}`, { body: { title: "changed" } });
    expect((await deliveryRows(filtered.id)).map((row) => row.event_type)).toEqual(["link.updated"]);
  });

  it("link.health_changed, link.exhausted, link.anomaly and link.expired come with the change that caused them", async () => {
    const userId = await owner();
    const hook = await endpoint(userId, "accept", {
      events: ["link.health_changed", "link.exhausted", "link.anomaly", "link.expired"],
    });
    const bodies = async () => {
      const rows = await database.db.execute<{ body: string }>(
        `SELECT body FROM webhook_deliveries WHERE webhook_id = ${hook.id} ORDER BY created_at`,
      );
      // biome-ignore lint/suspicious/noExplicitAny: payloads are checked field by field
      return rows.rows.map((row) => JSON.parse(row.body) as { type: string; data: Record<string, any> });
    };
    // A check: unknown → suspect.
    const sick = await callApi("POST", "/urls", {
      body: { original_url: `${SERVER}/${unique("h")}/missing`, user_id: userId },
      overrides: LOCAL,
    });
    await callApi("POST", `/urls/${sick.body.id}/health/check`, { overrides: LOCAL });
    // The last click of a capped link, stored by the click queue's consumer.
    const capped = await callApi("POST", "/urls", {
      body: { original_url: "https://example.com/one-shot", user_id: userId, max_clicks: 1 },
    });
    const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    await (await callWorker(`/${capped.body.short_code}`, { headers: { "User-Agent": browser } })).settled();
    // An anomaly alert starts firing (as the hourly evaluator writes it).
    await database.db.execute(
      `INSERT INTO link_anomalies (url_id, kind, state, since, episode, consecutive, value, threshold, detail)
       VALUES (${capped.body.id}, 'spike', 'firing', now(), 1, 1, 900, 50, '900 human clicks in an hour')`,
    );
    // A link that expires a moment from now, found by the cron.
    const brief = await callApi("POST", "/urls", {
      body: {
        original_url: "https://example.com/brief",
        user_id: userId,
        expires_at: new Date(Date.now() + 1_000).toISOString(),
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await runCron(Date.now());

    const types = (events: { type: string }[]) => [...new Set(events.map((event) => event.type))].sort();
    const events = await until(async () => {
      const got = await bodies();
      return types(got).length >= 4 ? got : undefined;
    });
    expect(types(events)).toEqual(["link.anomaly", "link.exhausted", "link.expired", "link.health_changed"]);
    const first = (type: string) => events.find((event) => event.type === type)?.data;
    expect(first("link.health_changed")).toMatchObject({
      link: { id: sick.body.id },
      health: { from: "unknown", to: "suspect", status: 404, error: "http_status" },
    });
    expect(first("link.exhausted")).toMatchObject({ link: { id: capped.body.id, max_clicks: 1, clicks_used: 1 } });
    // (The cron's hourly evaluation may resolve it next: that is a second link.anomaly, "resolved".)
    expect(first("link.anomaly")).toMatchObject({ anomaly: { kind: "spike", state: "firing", value: 900 } });
    expect(first("link.expired")).toMatchObject({ link: { id: brief.body.id } });
    // Announced once: the next run finds nothing new.
    await runCron(Date.now());
    expect((await bodies()).filter((event) => event.type === "link.expired")).toHaveLength(1);
  });

  it("rotation: for 24 hours both secrets sign, and each verifies", async () => {
    const userId = await owner();
    const hook = await endpoint(userId, "accept");
    const rotated = await callApi("POST", `/webhooks/${hook.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const overlapEnds = Date.parse(rotated.body.previous_secret_expires_at);
    expect(overlapEnds - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await createLink(userId);
    await drain(hook.id);
    const [delivery] = await received(hook.prefix);
    expect(delivery?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    for (const secret of [hook.secret, rotated.body.secret]) {
      expect(new Webhook(secret).verify(delivery?.body ?? "", delivery?.headers ?? {})).toMatchObject({
        type: "link.created",
      });
    }
    // Once the overlap is over, only the new secret signs.
    await database.db.execute(
      `UPDATE webhooks SET previous_secret_expires_at = now() - interval '1 second' WHERE id = ${hook.id}`,
    );
    const ping = await callApi("POST", `/webhooks/${hook.id}/test`, { overrides: LOCAL });
    expect(ping.body).toMatchObject({ delivered: true, status: 204, error: null });
    const last = (await received(hook.prefix)).at(-1) as Received;
    expect(last.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(() => new Webhook(hook.secret).verify(last.body, last.headers)).toThrow();
    expect(new Webhook(rotated.body.secret).verify(last.body, last.headers)).toMatchObject({ type: "ping" });
  });

  it("a 500 is tried again on the schedule (about 5 s, then 5 min) and delivered when the receiver recovers", async () => {
    const hook = await endpoint(await owner(), "flaky?fail=2");
    const id = await manualDelivery(hook.id);
    expect((await attempt(id))?.verdict).toBe("pending");
    let [row] = await deliveryRows(hook.id);
    expect(row).toMatchObject({ state: "pending", attempts: 1 });
    const wait = Date.parse(row?.next_attempt_at ?? "") - Date.now();
    expect(wait).toBeGreaterThan(3_000);
    expect(wait).toBeLessThan(6_500);
    // Not due yet: a message that comes early (or twice) attempts nothing.
    expect(await attempt(id)).toBeUndefined();
    await dueNow(id);
    expect((await attempt(id))?.verdict).toBe("pending");
    [row] = await deliveryRows(hook.id);
    expect(Date.parse(row?.next_attempt_at ?? "") - Date.now()).toBeGreaterThan(3.9 * 60_000);
    await dueNow(id);
    expect((await attempt(id))?.verdict).toBe("delivered");
    const listed = await callApi("GET", `/webhooks/${hook.id}/deliveries`);
    expect(listed.body[0]).toMatchObject({ id, state: "delivered", attempts: 3, next_attempt_at: null });
    expect(listed.body[0].attempt_log.map((entry: { status: number }) => entry.status)).toEqual([500, 500, 204]);
    expect((await webhookRow(hook.id))?.consecutive_failures).toBe(0);
  });

  it("a timeout is a failure tried again; Retry-After (503) pushes the next attempt back", async () => {
    const userId = await owner();
    const slow = await endpoint(userId, "hang");
    const result = await attempt(await manualDelivery(slow.id), 300);
    expect(result?.attempt).toMatchObject({ status: null, error: "timeout" });
    expect(result?.verdict).toBe("pending");
    const busy = await endpoint(userId, "unavailable?after=900");
    const refused = await attempt(await manualDelivery(busy.id));
    expect(refused?.attempt).toMatchObject({ status: 503, error: "http_status" });
    const [after] = await deliveryRows(busy.id);
    expect(Date.parse(after?.next_attempt_at ?? "") - Date.now()).toBeGreaterThan(890_000);
  });

  it("a 410 disables the endpoint at once and tells its owner", async () => {
    const lane = alertLane("owner");
    const userId = await owner(lane.recipient);
    const hook = await endpoint(userId, "gone");
    await createLink(userId);
    await drain(hook.id, lane.overrides as Record<string, string>);
    expect(await webhookRow(hook.id)).toMatchObject({ state: "disabled", disabled_reason: "gone" });
    expect((await deliveryRows(hook.id))[0]?.state).toBe("failed");
    const mails = await until(async () => {
      const got = await lane.mails();
      return got.length > 0 ? got : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`[Linkscope] webhook ${hook.id} was disabled`);
    expect(mails[0]?.text).toContain("410 Gone");
    // Nothing more is written for it.
    await createLink(userId);
    expect(await deliveryRows(hook.id)).toHaveLength(1);
  });

  it("is disabled only after 20 failures in a row AND 24 hours without a success; the owner hears first", async () => {
    const lane = alertLane("owner");
    const userId = await owner(lane.recipient);
    const config = readConfig({ ...env, ...LOCAL, ...lane.overrides } as Env);
    /** An endpoint whose record says `set` (injected times and streaks), then one more failure. */
    const failingHook = async (set: string) => {
      const hook = await endpoint(userId, "error");
      await database.db.execute(`UPDATE webhooks SET ${set} WHERE id = ${hook.id}`);
      await deliverOnce({ db: database.db, config }, await manualDelivery(hook.id));
      return { hook, row: await webhookRow(hook.id) };
    };
    // 25 failures, but a success an hour ago: a busy endpoint's short outage keeps it.
    const recent = await failingHook(
      "consecutive_failures = 24, failing_since = now() - interval '1 hour', last_success_at = now() - interval '1 hour', failing_notified_at = now()",
    );
    expect(recent.row).toMatchObject({ state: "active", consecutive_failures: 25 });
    // A day without a success, but only 19 failures so far (a quiet endpoint): kept too.
    const quiet = await failingHook(
      "consecutive_failures = 18, failing_since = now() - interval '2 days', created_at = now() - interval '3 days', failing_notified_at = now()",
    );
    expect(quiet.row).toMatchObject({ state: "active", consecutive_failures: 19 });
    // Both: disabled, and its owner told.
    const dead = await failingHook(
      "consecutive_failures = 19, failing_since = now() - interval '2 days', last_success_at = now() - interval '25 hours', failing_notified_at = now()",
    );
    expect(dead.row).toMatchObject({ state: "disabled", disabled_reason: "failing", consecutive_failures: 20 });
    // The first sustained failures (5 in a row over 15 minutes): one email, once per streak.
    const failing = await failingHook("consecutive_failures = 4, failing_since = now() - interval '20 minutes'");
    expect(failing.row).toMatchObject({ state: "active", consecutive_failures: 5 });
    const mails = await until(async () => {
      const got = await lane.mails();
      return got.length >= 2 ? got : undefined;
    });
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      `[Linkscope] webhook ${dead.hook.id} was disabled`,
      `[Linkscope] webhook ${failing.hook.id} is failing`,
    ]);
  });

  it("link.clicked: people's clicks only unless the endpoint asks for all; no IP or user agent; the redirect never waits", async () => {
    const userId = await owner();
    const link = await createLink(userId);
    const people = await endpoint(userId, "accept", { events: ["link.clicked"] });
    // A receiver that takes its time (2 s) with every delivery.
    const everyone = await endpoint(userId, "slow?ms=2000", { events: ["link.clicked"], click_classes: "all" });
    const browser =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    const follow = async (userAgent: string) => {
      const { response, settled } = await callWorker(`/${link.short_code}`, {
        headers: { "User-Agent": userAgent, "CF-Connecting-IP": "198.51.100.23" },
      });
      expect(response.status).toBe(302);
      await settled();
    };
    await follow(browser);
    await follow("curl/8.5.0");
    // The clicks travel through the click queue; their deliveries are written with them.
    await until(async () => ((await deliveryRows(everyone.id)).length >= 2 ? true : undefined));
    expect(await deliveryRows(people.id)).toHaveLength(1);
    await drain(people.id);
    const [delivery] = await received(people.prefix);
    const event = new Webhook(people.secret).verify(delivery?.body ?? "", delivery?.headers ?? {}) as {
      data: { click: Record<string, unknown>; link: Record<string, unknown> };
    };
    expect(event.data.click).toMatchObject({ class: "human", device: "desktop", browser: "chrome", os: "windows" });
    expect(event.data.link).toMatchObject({ id: link.id, short_code: link.short_code });
    expect(delivery?.body).not.toContain("198.51.100.23");
    expect(delivery?.body).not.toContain("Chrome");

    // While the slow receiver holds its deliveries, a redirect does no I/O of its own: it cannot wait for them.
    const inFlight = drain(everyone.id);
    await until(async () => ((await received(everyone.prefix)).length >= 2 ? true : undefined));
    const calls = countCalls();
    await follow(browser);
    expect(calls()).toMatchObject({ postgres: 0, redis: 0, durableObject: 0 });
    await inFlight;
    expect((await deliveryRows(everyone.id)).slice(0, 2).every((row) => row.state === "delivered")).toBe(true);
  });

  it("operators see endpoints by state and the backlog (the oldest due delivery's wait), counted by the evaluator", async () => {
    const hook = await endpoint(await owner(), "accept");
    // Ten minutes overdue: in the backlog, below the alert's 15 minutes (other files' alert lanes see it too).
    const id = await manualDelivery(hook.id);
    await database.db.execute(
      `UPDATE webhook_deliveries SET next_attempt_at = now() - interval '10 minutes' WHERE id = '${id}'`,
    );
    try {
      const lane = alertLane();
      await runCron(Math.floor(Date.now() / 60_000) * 60_000, lane.overrides);
      const text = await scrapePrometheus(lane.overrides);
      const value = (series: string) => seriesValue(text, series);
      expect(value("linkscope_webhook_backlog_oldest_seconds")).toBeGreaterThanOrEqual(590);
      expect(value("linkscope_webhook_backlog_deliveries")).toBeGreaterThanOrEqual(1);
      for (const state of ["active", "failing", "disabled"]) {
        expect(value(`linkscope_webhook_endpoints{state="${state}"}`)).toBeGreaterThanOrEqual(
          state === "active" ? 1 : 0,
        );
      }
      const status = await callApi("GET", "/alert-status", { overrides: lane.overrides });
      expect(status.body.alerts.webhook_delivery_backlog).toMatchObject({ firing: false, threshold: 900 });
      expect(status.body.alerts.webhook_delivery_backlog.value).toBeGreaterThanOrEqual(590);
    } finally {
      await database.db.execute(`DELETE FROM webhook_deliveries WHERE id = '${id}'`);
    }
  });

  it("finished deliveries are kept 30 days, then pruned by the cron; pending ones never", async () => {
    const hook = await endpoint(await owner(), "accept");
    const aged = async (state: string, daysAgo: number) => {
      const id = await manualDelivery(hook.id);
      await database.db.execute(
        `UPDATE webhook_deliveries SET state = '${state}', created_at = now() - interval '${daysAgo + 1} days',
           finished_at = ${state === "pending" ? "NULL" : `now() - interval '${daysAgo} days'`},
           next_attempt_at = now() + interval '1 day' WHERE id = '${id}'`,
      );
      return id;
    };
    const old = await aged("delivered", 31);
    const oldFailure = await aged("failed", 45);
    const recent = await aged("delivered", 29);
    const waiting = await aged("pending", 40);
    await runCron(Date.now());
    const left = (await deliveryRows(hook.id)).map((row) => row.id);
    expect(left).not.toContain(old);
    expect(left).not.toContain(oldFailure);
    expect(left).toEqual(expect.arrayContaining([recent, waiting]));
  });

  it("deliveries are listed (last 100) and a failed one can be retried by hand", async () => {
    const userId = await owner();
    const hook = await endpoint(userId, "gone");
    await createLink(userId);
    await drain(hook.id);
    const [failed] = await deliveryRows(hook.id);
    const listed = await callApi("GET", `/webhooks/${hook.id}/deliveries`);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ id: failed?.id, event_type: "link.created", state: "failed", attempts: 1 });
    expect(listed.body[0].last_attempt).toMatchObject({ status: 410, error: "http_status" });
    // Disabled by the 410: a retry needs it enabled again.
    const refused = await callApi("POST", `/webhooks/${hook.id}/deliveries/${failed?.id}/retry`);
    expect(refused.status).toBe(400);
    await callApi("PATCH", `/webhooks/${hook.id}`, {
      body: { enabled: true, url: `${SERVER}${hook.prefix}/accept` },
      overrides: LOCAL,
    });
    const retried = await callApi("POST", `/webhooks/${hook.id}/deliveries/${failed?.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ state: "pending", attempts: 0 });
    await drain(hook.id);
    expect((await deliveryRows(hook.id))[0]?.state).toBe("delivered");
    expect((await callApi("POST", `/webhooks/${hook.id}/deliveries/${crypto.randomUUID()}/retry`)).status).toBe(404);
    // A malformed path id is as unknown as an absent one (as everywhere in this API).
    expect((await callApi("POST", `/webhooks/${hook.id}/deliveries/not-a-uuid/retry`)).status).toBe(404);
  });
});

/** A stand-in for the webhook queue that keeps what it is sent, batch by batch. */
function recordingQueue() {
  const batches: string[][] = [];
  const binding = {
    send: async (body: WebhookMessage) => {
      batches.push([body.deliveryId]);
    },
    sendBatch: async (messages: Iterable<{ body: WebhookMessage }>) => {
      batches.push([...messages].map((message) => message.body.deliveryId));
    },
  };
  // Dispatch on for the calls made with these overrides only (the suite pauses it), into this queue.
  return { batches, overrides: { ...LOCAL, WEBHOOK_DISPATCH: "on", WEBHOOKS: binding } };
}

describe("webhooks: one owner's share (issue 27)", () => {
  it("a workspace has at most MAX_WEBHOOKS_PER_OWNER endpoints (10 by default): one more is a 409 that says so, even when asked for at once", async () => {
    expect(readConfig(env).MAX_WEBHOOKS_PER_OWNER).toBe(10);
    const userId = await owner();
    const capped = { ...LOCAL, MAX_WEBHOOKS_PER_OWNER: "2" };
    const create = () =>
      callApi("POST", "/webhooks", {
        body: { url: `${SERVER}/${unique("cap")}/accept`, events: ["link.created"], user_id: userId },
        overrides: capped,
      });
    const answers = await Promise.all([create(), create(), create(), create()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 409, 409]);
    const refused = answers.find((answer) => answer.status === 409);
    expect(refused?.body.error).toBe(
      "a workspace has at most 2 webhook endpoints (MAX_WEBHOOKS_PER_OWNER): delete one first, or subscribe one endpoint to more events",
    );
    const made = answers.find((answer) => answer.status === 201);
    expect((await callApi("DELETE", `/webhooks/${made?.body.id}`)).status).toBe(200);
    expect((await create()).status).toBe(201);
    // Another owner has a cap of its own.
    const other = await callApi("POST", "/webhooks", {
      body: { url: `${SERVER}/x/accept`, events: ["link.created"], user_id: await owner() },
      overrides: capped,
    });
    expect(other.status).toBe(201);
  });

  it("due deliveries are leased in turns across endpoints: one endpoint's backlog does not hold back another's fresh delivery", async () => {
    const busy = await endpoint(await owner(), "accept");
    const quietOwner = await owner();
    const quiet = await endpoint(quietOwner, "accept");
    // 150 due deliveries of one endpoint, all older than the next one.
    await database.db.execute(
      `INSERT INTO webhook_deliveries (webhook_id, event_type, body, next_attempt_at)
       SELECT ${busy.id}, 'link.created', '{"type":"link.created","data":{}}', now() - interval '1 minute' + n * interval '1 millisecond'
       FROM generate_series(1, 150) AS n`,
    );
    try {
      const queue = recordingQueue();
      const created = await callApi("POST", "/urls", {
        body: { original_url: `https://example.com/${unique("q")}`, user_id: quietOwner },
        overrides: queue.overrides,
      });
      expect(created.status).toBe(201);
      const [fresh] = await deliveryRows(quiet.id);
      const busyIds = new Set((await deliveryRows(busy.id)).map((row) => row.id));
      const [first = []] = queue.batches;
      expect(first).toContain(fresh?.id);
      expect(first.filter((id) => busyIds.has(id)).length).toBeLessThanOrEqual(LEASE_PER_ENDPOINT);
    } finally {
      await database.db.execute(`DELETE FROM webhook_deliveries WHERE webhook_id = ${busy.id}`);
    }
  });

  it("a manual retry goes to the queue at once (not at the next sweep), and a tag change's deliveries after its response", async () => {
    const userId = await owner();
    const hook = await endpoint(userId, "accept", { events: ["link.created", "link.updated"] });
    const id = await manualDelivery(hook.id);
    await database.db.execute(`UPDATE webhook_deliveries SET state = 'failed', finished_at = now() WHERE id = '${id}'`);
    const queue = recordingQueue();
    const retried = await callApi("POST", `/webhooks/${hook.id}/deliveries/${id}/retry`, {
      overrides: queue.overrides,
    });
    expect(retried.status).toBe(202);
    expect(queue.batches.flat()).toContain(id);
    const [row] = (await deliveryRows(hook.id)).filter((delivery) => delivery.id === id);
    expect(new Date(row?.leased_until ?? 0).getTime()).toBeGreaterThan(Date.now());
    await drain(hook.id);
    expect((await received(hook.prefix)).length).toBe(1);

    const tagged = await callApi("POST", "/urls", {
      body: { original_url: "https://example.com/t", user_id: userId, tags: [unique("tag")] },
    });
    const [tag] = (await callApi("GET", `/tags?user_id=${userId}`)).body as { id: number }[];
    const renamed = await callApi("PATCH", `/tags/${tag?.id}`, {
      body: { name: unique("renamed") },
      overrides: queue.overrides,
    });
    expect(renamed.status).toBe(200);
    const updates = (await deliveryRows(hook.id)).filter((delivery) => delivery.event_type === "link.updated");
    expect(updates).toHaveLength(1);
    expect(queue.batches.flat()).toContain(updates[0]?.id);
    expect(tagged.status).toBe(201);
  });
});
