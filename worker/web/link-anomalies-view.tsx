// A link's anomaly alerts on its page, in plain words: what kind, firing now or resolved, since when,
// the hour's number against its threshold, and the judgement's own numbers. Nothing when none fired.

import type { AnomalyKind } from "../services/anomalies/detect-anomalies";
import type { LinkAnomaly } from "../services/anomalies/link-anomaly-use-cases";
import { relativeWords, utcMinute } from "./link-health-view";

/** Each kind's name and what it means, as the owner's email says it. */
export const ANOMALY_WORDS: Record<AnomalyKind, { label: string; meaning: string }> = {
  spike: { label: "Spike", meaning: "far more clicks by people than usual for this hour of the week" },
  drop: { label: "Drop", meaning: "a busy link stopped getting clicks" },
  bot_share: { label: "Bot flood", meaning: "most of an hour's clicks came from bots" },
  destination_changed_then_spike: {
    label: "Spike after a change of destination",
    meaning: "a spike soon after the destination moved to another domain",
  },
};

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The value against its threshold, in the kind's own unit. */
export function anomalyNumbers(kind: AnomalyKind, value: number | null, threshold: number): string {
  switch (kind) {
    case "bot_share":
      return value === null
        ? `alerts above ${percent(threshold)} from bots`
        : `${percent(value)} of clicks from bots; alerts above ${percent(threshold)}`;
    case "drop":
      return `${value ?? 0} clicks by people; alerts when a link that usually gets at least ${threshold} an hour gets none`;
    default:
      return value === null
        ? `alerts above ${threshold} clicks by people in an hour`
        : `${value} clicks by people in the hour; alerts above ${threshold}`;
  }
}

export function LinkAnomaliesView({ anomalies, now }: { anomalies: LinkAnomaly[]; now: number }) {
  if (anomalies.length === 0) return null;
  return (
    <section aria-labelledby="anomalies-title">
      <h2 id="anomalies-title">Traffic alerts</h2>
      <ul class="anomalies">
        {anomalies.map((anomaly) => {
          const words = ANOMALY_WORDS[anomaly.kind];
          return (
            <li class={`anomaly anomaly-${anomaly.state}`}>
              <p>
                <strong>{anomaly.state === "firing" ? "Firing" : "Resolved"}:</strong> {words.label}, {words.meaning}
                {anomaly.since !== null && (
                  <>
                    {anomaly.state === "firing" ? " (since " : " (resolved "}
                    <time datetime={new Date(anomaly.since).toISOString()}>
                      {`${utcMinute(anomaly.since)}, ${relativeWords(anomaly.since, now)}`}
                    </time>
                    )
                  </>
                )}
                .
              </p>
              <p class="note">
                {anomalyNumbers(anomaly.kind, anomaly.value, anomaly.threshold)}. {anomaly.detail}.
                {anomaly.episode > 1 ? ` It has fired ${anomaly.episode} times.` : ""}
              </p>
            </li>
          );
        })}
      </ul>
      <p class="note">
        Alerts never stop a link on their own; its owner is emailed when one fires and when it resolves.
      </p>
    </section>
  );
}
