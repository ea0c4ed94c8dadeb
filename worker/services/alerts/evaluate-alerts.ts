// The cron evaluator: once a minute, sums the shards' per-minute counts over every window the
// rules need, probes the database, and hands the verdicts to the AlertState object, which
// applies them once per minute and sends the emails.

import { readConfig } from "../../config/env";
import type { AlertState } from "../../durable-objects/alert-state";
import { dependencyCalls } from "../../observability/dependency-calls";
import { sumMinutes } from "../../observability/metrics/aggregate";
import { MINUTE_MS } from "../../observability/metrics/minute-window";
import { type DomainGauges, domainGauges } from "../domains/domain-gauges";
import { checkDatabase } from "../health/check-dependencies";
import { lazyDatabase } from "../lazy-database";
import { countLinksByHealth } from "../link-health/health-counts";
import { type WebhookGauges, webhookGauges } from "../webhooks/webhook-gauges";
import type { EvaluationResult } from "./alert-state-types";
import { ALERT_NAMES, type AlertName } from "./catalogue";
import { evaluateRules, windowsNeeded } from "./rules";
import type { TransitionRules } from "./state-machine";

/** The deployment's one AlertState object (ALERTS_INSTANCE names another, e.g. in tests). */
export function alertState(env: Env): DurableObjectStub<AlertState> {
  return env.ALERTS.get(env.ALERTS.idFromName(readConfig(env).ALERTS_INSTANCE));
}

export async function evaluateAlerts(env: Env, scheduledTime: number): Promise<EvaluationResult> {
  const config = readConfig(env);
  const minute = Math.floor(scheduledTime / MINUTE_MS);
  // Complete minutes only: the window of N minutes ends with the minute before this one.
  const windows = windowsNeeded(config);
  const ranges = windows.map((minutes) => ({ fromMinute: minute - minutes, toMinute: minute - 1 }));
  const { database, closer } = lazyDatabase(config);
  let sums: Record<string, number>[];
  let databaseCheck: Awaited<ReturnType<typeof checkDatabase>>;
  let linksByHealth: Record<string, number> | null = null;
  let webhooks: WebhookGauges | null = null;
  let domains: DomainGauges | null = null;
  try {
    [sums, databaseCheck] = await Promise.all([
      sumMinutes(env, ranges),
      checkDatabase(config.DATABASE_URL ? database : undefined, config.ALERT_DB_TIMEOUT_MS),
    ]);
    // Aggregates for the operators' gauges; a failure only leaves the last counts in place.
    if (databaseCheck.status === "ok") {
      [linksByHealth, webhooks, domains] = await Promise.all([
        countLinksByHealth(database()).catch(() => null),
        webhookGauges(database()).catch(() => null),
        domainGauges(database()).catch(() => null),
      ]);
    }
  } finally {
    await closer()?.().catch(() => undefined);
  }
  const sum = (name: string, minutes: number) => sums[windows.indexOf(minutes)]?.[name] ?? 0;
  const databaseUp = databaseCheck.status === "ok";
  const verdicts = evaluateRules(sum, databaseUp, config, {
    webhookBacklogSeconds: webhooks?.backlogOldestSeconds ?? null,
    unhealthyDomainSeconds: domains?.unhealthyLongestSeconds ?? null,
    failedCertificates: domains?.certificates.failed ?? null,
  });
  const reminderMs = config.ALERT_REMINDER_MINUTES * MINUTE_MS;
  const rules = Object.fromEntries(
    ALERT_NAMES.map((name) => [
      name,
      { confirmations: name === "service_down" ? config.ALERT_DOWN_CONFIRMATIONS : 1, reminderMs },
    ]),
  ) as Record<AlertName, TransitionRules>;
  dependencyCalls().durableObject += 1;
  return alertState(env).evaluate({
    minute,
    now: scheduledTime,
    verdicts,
    rules,
    databaseUp,
    linksByHealth,
    webhooks,
    domains,
    email: config,
  });
}
