// The in-worker evaluator over the scenarios the Prometheus rules are tested on
// (dashboards/prometheus/scenarios.ts): the same verdicts at the same checkpoints.
import { describe, expect, it } from "vitest";
import { SCENARIOS, scenarioMinutes } from "../../dashboards/prometheus/scenarios";
import { DEFAULT_ALERT_CONFIG } from "../../worker/config/alert-config";
import { latencyCountName } from "../../worker/observability/metrics/minute-window";
import { ALERT_NAMES, type AlertName } from "../../worker/services/alerts/catalogue";
import { evaluateRules } from "../../worker/services/alerts/rules";
import { type AlertRecord, advance, initialRecord } from "../../worker/services/alerts/state-machine";

const config = DEFAULT_ALERT_CONFIG;
const latencyName = latencyCountName(config.SLO_LATENCY_THRESHOLD_SECONDS);

/** Runs the evaluator once a minute over the scenario; the firing set at each evaluation time. */
function replay(minutes: ReturnType<typeof scenarioMinutes>): Map<number, Set<AlertName>> {
  // prefix[name][t]: the sum of minutes 0..t-1
  const names = ["requests", "errors", "redirects", "redirect_errors", latencyName, "password_bursts"] as const;
  const prefix: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, [0]]));
  for (const minute of minutes) {
    const values: Record<string, number> = {
      requests: minute.requests,
      errors: minute.errors,
      redirects: minute.requests,
      redirect_errors: minute.errors,
      [latencyName]: minute.requests - minute.slow,
      password_bursts: minute.passwordBursts,
    };
    for (const name of names) prefix[name]?.push((prefix[name]?.at(-1) ?? 0) + (values[name] ?? 0));
  }
  let records = new Map<AlertName, AlertRecord>(ALERT_NAMES.map((name) => [name, initialRecord(name)]));
  const firingAt = new Map<number, Set<AlertName>>();
  for (let t = 1; t <= minutes.length; t++) {
    const sum = (name: string, window: number) => {
      const series = prefix[name] ?? [];
      return (series[t] ?? 0) - (series[Math.max(0, t - window)] ?? 0);
    };
    const last = minutes[t - 1];
    const verdicts = evaluateRules(sum, last?.databaseUp ?? true, config, {
      webhookBacklogSeconds: last?.webhookBacklogSeconds ?? 0,
      unhealthyDomainSeconds: last?.unhealthyDomainSeconds ?? 0,
      failedCertificates: last?.failedCertificates ?? 0,
    });
    const next = new Map(records);
    for (const verdict of verdicts) {
      const confirmations = verdict.name === "service_down" ? config.ALERT_DOWN_CONFIRMATIONS : 1;
      const current = records.get(verdict.name) ?? initialRecord(verdict.name);
      next.set(verdict.name, advance(current, verdict, t * 60_000, { confirmations, reminderMs: 0 }).record);
    }
    records = next;
    firingAt.set(t, new Set([...records.values()].filter((r) => r.state === "firing").map((r) => r.name)));
  }
  return firingAt;
}

describe.each(SCENARIOS)("scenario $name", (scenario) => {
  it(`reaches the shared verdicts: ${scenario.description}`, () => {
    const firingAt = replay(scenarioMinutes(scenario));
    for (const checkpoint of scenario.checkpoints) {
      const ignored = new Set(checkpoint.ignore ?? []);
      const firing = [...(firingAt.get(checkpoint.at) ?? [])].filter((name) => !ignored.has(name)).sort();
      expect({ at: checkpoint.at, firing }).toEqual({ at: checkpoint.at, firing: [...checkpoint.firing].sort() });
    }
  });
});
