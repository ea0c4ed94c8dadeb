// Per-link anomaly alerts against real Postgres: the recorded scenarios' clicks are stored by the
// consumer's own statement (so the rollups are the real ones), every hour of the incident's week is
// judged by the cron's evaluation, and the emails arrive at the owners and the operators on the local
// SMTP sink. The hours are in October 2026, which no other test touches.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import { HOUR_MS } from "../../worker/lib/time";
import { evaluateHour, sendPendingNotices } from "../../worker/services/anomalies/evaluate-anomalies";
import { type StoredClick, storeClicks } from "../../worker/services/clicks/store-clicks";
import { type AnomalyScenario, anomalyScenarios, SCENARIO_START } from "../fixtures/anomaly-scenarios";
import { alertLane, createUrl, openTestDatabase, runCron, sendJson, unique } from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

const lane = alertLane("anomalies");
const config = readConfig({ ...env, ...lane.overrides } as Env);

/** A link owned by a user with its own inbox on the sink, created before the scenario's history. */
async function scenarioLink(destination = "https://example.com/anomaly") {
  const email = `owner-${unique("")}@linkscope.test`;
  const user = (await sendJson<{ id: number }>("POST", "/users", { username: unique("owner"), email })).body;
  const url = await createUrl({ original_url: destination, user_id: user.id });
  const createdAt = new Date(SCENARIO_START - 86_400_000).toISOString();
  await database.db.execute(`UPDATE urls SET created_at = '${createdAt}' WHERE id = ${url.id}`);
  await database.db.execute(`UPDATE events SET "timestamp" = '${createdAt}' WHERE url_id = ${url.id}`);
  return { ...url, email };
}

/** Stores a scenario's hours as clicks (human and bot), through the consumer's statement. */
async function storeScenario(code: string, hours: AnomalyScenario["hours"]) {
  const clicks: StoredClick[] = [];
  for (const [hour, counts] of hours) {
    for (let index = 0; index < counts.clicks; index++) {
      const human = index < counts.human;
      clicks.push({
        id: crypto.randomUUID(),
        code,
        at: new Date(hour + index * 1_000).toISOString(),
        referrerHost: null,
        country: "DE",
        colo: "FRA",
        device: human ? "desktop" : "bot",
        kind: human ? "human" : "bot",
        unique: human ? true : null,
      });
    }
  }
  for (let start = 0; start < clicks.length; start += 2_000) {
    await storeClicks(config, clicks.slice(start, start + 2_000));
  }
}

async function anomalyRows(urlId: number) {
  const result = await database.db.execute<{ kind: string; state: string; episode: number; pending_notice: string }>(
    `SELECT kind, state, episode, pending_notice FROM link_anomalies WHERE url_id = ${urlId} ORDER BY kind`,
  );
  return result.rows;
}

async function mailsTo(recipient: string) {
  const testEnv = env as unknown as { TEST_SMTP_API: string };
  const response = await fetch(`${testEnv.TEST_SMTP_API}/messages?to=${encodeURIComponent(recipient)}`);
  return ((await response.json()) as { subject: string; text: string }[]).map((mail) => mail.subject).sort();
}

describe("per-link anomaly alerts", () => {
  it("the recorded scenarios fire, resolve and mail where they should, judged once per hour", async () => {
    const scenarios = Object.fromEntries(anomalyScenarios().map((scenario) => [scenario.name, scenario]));
    const quiet = scenarios["a quiet link with normal noise"] as AnomalyScenario;
    const spike = scenarios["a spike"] as AnomalyScenario;
    const drop = scenarios["a drop"] as AnomalyScenario;
    const flood = scenarios["a bot flood"] as AnomalyScenario;
    const changed = scenarios["a destination moved to another domain, then a spike"] as AnomalyScenario;
    const incident = spike.fires.spike?.[0] as number;

    const links = {
      quiet: await scenarioLink(),
      spike: await scenarioLink(),
      drop: await scenarioLink(),
      flood: await scenarioLink(),
      changed: await scenarioLink("https://example.com/changed"),
      // pаypal.com with a Cyrillic а: an alert to the operators with its first click.
      lookalike: await scenarioLink("https://xn--pypal-4ve.com/login"),
    };
    await storeScenario(links.quiet.short_code, quiet.hours);
    await storeScenario(links.spike.short_code, spike.hours);
    await storeScenario(links.drop.short_code, drop.hours);
    await storeScenario(links.flood.short_code, flood.hours);
    await storeScenario(links.changed.short_code, changed.hours);
    await storeScenario(links.lookalike.short_code, new Map([[incident, { clicks: 2, human: 2, bot: 0 }]]));
    // The changed link's destination moved to another domain five hours before its spike.
    await database.db.execute(
      `INSERT INTO events (url_id, event_type, details, "timestamp") VALUES (${links.changed.id}, 'updated',
        '{"original_url":"https://login-example.net/"}', '${new Date(incident - 5 * HOUR_MS).toISOString()}')`,
    );

    // The cron judges the incident's hour five minutes after it ends, and sends what it owes.
    for (let hour = spike.evaluateFrom; hour < incident; hour += HOUR_MS) await evaluateHour(database.db, hour, config);
    await runCron(incident + HOUR_MS + 5 * 60_000, lane.overrides);
    expect(await evaluateHour(database.db, incident, config)).toBeUndefined(); // judged once
    for (let hour = incident + HOUR_MS; hour <= spike.lastHour; hour += HOUR_MS) {
      const run = await evaluateHour(database.db, hour, config);
      if (run) await sendPendingNotices(database.db, config, { urlIds: run.notified });
    }

    expect(await anomalyRows(links.quiet.id)).toEqual([]);
    expect(await anomalyRows(links.spike.id)).toEqual([
      { kind: "spike", state: "resolved", episode: 1, pending_notice: null },
    ]);
    expect(await anomalyRows(links.drop.id)).toEqual([
      { kind: "drop", state: "firing", episode: 1, pending_notice: null },
    ]);
    expect(await anomalyRows(links.flood.id)).toEqual([
      { kind: "bot_share", state: "resolved", episode: 1, pending_notice: null },
    ]);
    expect(await anomalyRows(links.changed.id)).toEqual([
      { kind: "destination_changed_then_spike", state: "resolved", episode: 1, pending_notice: null },
      { kind: "spike", state: "resolved", episode: 1, pending_notice: null },
    ]);
    expect(await anomalyRows(links.lookalike.id)).toEqual([
      { kind: "destination_changed_then_spike", state: "firing", episode: 1, pending_notice: null },
    ]);

    // Traffic anomalies mail the link's owner; the phishing pattern mails the operators.
    const subject = (state: string, kind: string, code: string) =>
      expect.stringContaining(`[Linkscope ${state}] link anomaly ${kind} on /${code}`);
    expect(await mailsTo(links.spike.email)).toEqual([
      subject("FIRING", "spike", links.spike.short_code),
      subject("RESOLVED", "spike", links.spike.short_code),
    ]);
    expect(await mailsTo(links.drop.email)).toEqual([subject("FIRING", "drop", links.drop.short_code)]);
    expect(await mailsTo(links.flood.email)).toEqual([
      subject("FIRING", "bot_share", links.flood.short_code),
      subject("RESOLVED", "bot_share", links.flood.short_code),
    ]);
    expect(await mailsTo(links.changed.email)).toEqual([
      subject("FIRING", "spike", links.changed.short_code),
      subject("RESOLVED", "spike", links.changed.short_code),
    ]);
    expect(await mailsTo(links.quiet.email)).toEqual([]);
    const operators = await mailsTo(lane.recipient);
    expect(operators).toEqual(
      expect.arrayContaining([
        subject("FIRING", "destination_changed_then_spike", links.changed.short_code),
        subject("RESOLVED", "destination_changed_then_spike", links.changed.short_code),
        subject("FIRING", "destination_changed_then_spike", links.lookalike.short_code),
      ]),
    );
    expect(operators.filter((mail) => mail.includes("link anomaly"))).toHaveLength(3);
  });
});
