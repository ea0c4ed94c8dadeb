// The AlertState snapshot as Prometheus series: alert states, the evaluator's last success, the
// database probe, the links per health state, webhooks and custom domains as a whole, and the email
// counters (kept in the object's storage, so they stay monotonic).

import { METRICS } from "../../observability/metrics/definitions";
import { type Labels, seriesKey } from "../../observability/metrics/recorder";
import type { StoredSeries } from "../../observability/metrics/shard-types";
import type { AlertSnapshot } from "./alert-state-types";
import { ALERTS } from "./catalogue";

const KINDS = ["firing", "reminder", "resolved"] as const;
const RESULTS = ["sent", "retried", "failed", "skipped"] as const;

export function storedSeries(name: string, labels: Labels, value: number): StoredSeries {
  return { key: seriesKey(name, labels), name, labels: JSON.stringify(labels), value };
}

export function alertSeries(snapshot: AlertSnapshot): StoredSeries[] {
  const series = snapshot.alerts.map((alert) =>
    storedSeries(
      METRICS.alertFiring.name,
      { alert: alert.name, severity: ALERTS[alert.name].severity },
      alert.state === "firing" ? 1 : 0,
    ),
  );
  for (const kind of KINDS) {
    for (const result of RESULTS) {
      series.push(
        storedSeries(METRICS.alertEmails.name, { kind, result }, snapshot.counters[`emails_${kind}_${result}`] ?? 0),
      );
    }
  }
  if (snapshot.lastSuccessMs !== null) {
    series.push(storedSeries(METRICS.alertEvaluatorLastSuccess.name, {}, snapshot.lastSuccessMs / 1000));
  }
  if (snapshot.databaseUp !== null) series.push(storedSeries(METRICS.databaseUp.name, {}, snapshot.databaseUp ? 1 : 0));
  if (snapshot.linksByHealth !== null) {
    for (const [state, links] of Object.entries(snapshot.linksByHealth)) {
      series.push(storedSeries(METRICS.linksByHealth.name, { state }, links));
    }
  }
  if (snapshot.webhooks !== null) {
    for (const [state, endpoints] of Object.entries(snapshot.webhooks.endpoints)) {
      series.push(storedSeries(METRICS.webhookEndpoints.name, { state }, endpoints));
    }
    series.push(storedSeries(METRICS.webhookBacklogDeliveries.name, {}, snapshot.webhooks.backlogDeliveries));
    series.push(storedSeries(METRICS.webhookBacklogOldest.name, {}, snapshot.webhooks.backlogOldestSeconds));
  }
  if (snapshot.domains !== null) {
    for (const [state, domains] of Object.entries(snapshot.domains.states)) {
      series.push(storedSeries(METRICS.domains.name, { state }, domains));
    }
    for (const [status, certificates] of Object.entries(snapshot.domains.certificates)) {
      series.push(storedSeries(METRICS.domainCertificates.name, { status }, certificates));
    }
    series.push(storedSeries(METRICS.domainUnhealthyLongest.name, {}, snapshot.domains.unhealthyLongestSeconds));
  }
  return series;
}
