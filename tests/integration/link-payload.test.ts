// One description of a link (issue 28): the link a webhook carries is written in SQL
// (linkscope_link_json, called by the triggers that write deliveries), the API's by serializeUrl.
// For a link that uses every feature, the two must say the same of every field they share, and
// differ only where WebhookLinkSchema says they do.
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { type UrlResponse, UrlSchema, type WebhookLink, WebhookLinkSchema } from "../../worker/contracts/responses";
import {
  callApi,
  get,
  ALLOW_PRIVATE as LOCAL,
  openTestDatabase,
  TEST_DESTINATIONS_URL as SERVER,
  send,
  unique,
} from "../harness";

const database = openTestDatabase();
const LATER = "2030-01-01T00:00:00Z";
afterAll(() => database.close());

/** Url's fields a webhook's link leaves out (documented in API.md, "Webhooks"). */
const NOT_IN_WEBHOOKS = [
  "clicks_remaining",
  "expired_url",
  "fallback_url",
  "health",
  "imported_clicks",
  "password_protected",
  "query_forwarding",
  "rules",
  "state",
  "utm",
  "valid_since",
];

/** The seed's timestamp ("2025-01-18T22:26:09", UTC) and an exact instant name the same second. */
const sameSecond = (seed: string, instant: string) =>
  Date.parse(`${seed}Z`) === Math.floor(Date.parse(instant) / 1000) * 1000;

function expectSameLink(webhook: WebhookLink, url: UrlResponse) {
  const { clicks_used, created_at, updated_at, ...shared } = WebhookLinkSchema.parse(webhook);
  for (const [field, value] of Object.entries(shared)) {
    expect([field, value]).toEqual([field, url[field as keyof UrlResponse]]);
  }
  expect(sameSecond(url.created_at, created_at)).toBe(true);
  expect(sameSecond(url.updated_at, updated_at)).toBe(true);
  expect(url.clicks_remaining).toBe(url.max_clicks === null ? null : url.max_clicks - clicks_used);
  const missing = Object.keys(url).filter((field) => !(field in webhook));
  expect(missing).toEqual(NOT_IN_WEBHOOKS);
}

describe("a link described once", () => {
  it("the webhook payload (SQL) and GET /urls/{id} agree on every field they share", async () => {
    const owner = await callApi("POST", "/users", {
      body: { username: unique("lp"), email: `${unique("lp")}@e.test` },
    });
    const userId = owner.body.id as number;
    const hook = await callApi("POST", "/webhooks", {
      body: { url: `${SERVER}/${unique("hook")}/ok`, events: ["link.created"], user_id: userId },
      overrides: LOCAL,
    });
    expect(hook.status).toBe(201);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const inADay = new Date(Date.now() + 86_400_000).toISOString();
    const created = await callApi("POST", "/urls", {
      body: {
        original_url: `https://example.com/${unique("every")}`,
        title: "Every feature",
        user_id: userId,
        tags: ["Spring", "newsletter"],
        valid_since: hourAgo,
        expires_at: inADay,
        max_clicks: 50,
        expired_url: "https://example.com/over",
        fallback_url: "https://example.com/fallback",
        query_forwarding: "merge",
        utm: { source: "mail", campaign: "spring" },
        rules: [{ conditions: [{ type: "country", values: ["FR"] }], destination: "https://example.com/fr" }],
        password: "a long enough password",
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    // A checked destination, and clicks counted toward the cap.
    await database.db.execute(sql`UPDATE urls SET health_state = 'healthy', health_checked_at = now(),
      health_status = 200, health_final_url = original_url, health_hops = 0, health_latency_ms = 12,
      clicks_used = 3 WHERE id = ${id}`);

    const url = UrlSchema.parse((await callApi("GET", `/urls/${id}`)).body);
    expect(url).toMatchObject({ password_protected: true, tags: ["newsletter", "Spring"], clicks_remaining: 47 });
    expect(url.health).toMatchObject({ state: "healthy", status: 200 });

    // What the triggers write now for this link, and what link.created carried when it was made.
    const now = await database.db.execute<{ link: WebhookLink }>(
      sql`SELECT linkscope_link_json(u) AS link FROM urls u WHERE u.id = ${id}`,
    );
    expectSameLink(now.rows[0]?.link as WebhookLink, url);
    const delivered = await database.db.execute<{ body: string }>(
      sql`SELECT body FROM webhook_deliveries WHERE url_id = ${id} AND event_type = 'link.created'`,
    );
    expect(delivered.rows).toHaveLength(1);
    const atCreation = (JSON.parse(delivered.rows[0]?.body ?? "{}") as { data: { link: WebhookLink } }).data.link;
    expectSameLink({ ...atCreation, clicks_used: 3 }, url);
  });

  it("every writer's created event says the same things, naming its source", async () => {
    const owner = (
      await callApi("POST", "/users", { body: { username: unique("ev"), email: `${unique("ev")}@e.test` } })
    ).body.id as number;
    const [api, bulk, imported] = [unique("api"), unique("bulk"), unique("imp")];
    const viaApi = await callApi("POST", "/urls", {
      body: {
        original_url: `https://example.com/${api}`,
        short_code: api,
        user_id: owner,
        expires_at: LATER,
        tags: ["t"],
      },
    });
    expect(viaApi.status).toBe(201);
    const csv = (header: string, row: string) => ({
      headers: { "Content-Type": "text/csv" },
      body: `${header}\n${row}\n`,
    });
    const viaBulk = await send(
      "POST",
      "/urls/bulk",
      csv("short_code,original_url,user_id,expires_at,tags", `${bulk},https://example.com/${bulk},${owner},${LATER},t`),
    );
    expect(viaBulk.status).toBe(201);
    const viaImport = await send(
      "POST",
      `/urls/import?source=csv&user_id=${owner}`,
      csv("code,url,tags,expires_at", `${imported},https://example.com/${imported},t,${LATER}`),
    );
    expect(viaImport.status).toBe(201);
    const links = await get<UrlResponse[]>(`/users/${owner}/urls`);
    const created = async (code: string) => {
      const link = links.body.find((url) => url.short_code === code);
      const events = await get<{ event_type: string; user_id: number | null; details: unknown }[]>(
        `/urls/${link?.id}/events`,
      );
      return events.body;
    };
    const expected = (code: string, source: string) => [
      {
        event_type: "created",
        user_id: owner,
        details: {
          short_code: code,
          original_url: `https://example.com/${code}`,
          source,
          expires_at: "2030-01-01T00:00:00.000Z",
          tags: ["t"],
        },
      },
    ];
    expect(await created(api)).toMatchObject(expected(api, "api"));
    expect(await created(bulk)).toMatchObject(expected(bulk, "bulk_import"));
    expect(await created(imported)).toMatchObject(expected(imported, "import:csv"));
    for (const code of [api, bulk, imported]) {
      expect(Object.keys(((await created(code))[0]?.details ?? {}) as object).sort()).toEqual([
        "expires_at",
        "original_url",
        "short_code",
        "source",
        "tags",
      ]);
    }
  });
});
