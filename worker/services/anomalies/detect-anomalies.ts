// Whether one link's traffic in one hour is anomalous, from its hourly rollups: pure, so the cron
// and the recorded scenarios (tests/unit/link-anomalies.test.ts) run the same judgement.

import type { AnomalyConfig } from "../../config/anomaly-config";
import { HOUR_MS, WEEK_MS } from "../../lib/time";
import { poissonUpperTail } from "./poisson";

export const ANOMALY_KINDS = ["spike", "drop", "bot_share", "destination_changed_then_spike"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface HourCounts {
  clicks: number;
  human: number;
  bot: number;
}

export interface LinkActivity {
  /** Clicks per hour, by the hour's start (epoch ms); an hour that is absent had none. */
  hours: Map<number, HourCounts>;
  /** When the link was created (epoch ms): weeks before it are not part of any baseline. */
  createdAt: number;
  /** When its destination last moved to another registrable domain (epoch ms), or null. */
  domainChangedAt: number | null;
  /** The well-known domain its destination's punycode host imitates, or null (lookalike.ts). */
  imitates: string | null;
}

export interface AnomalyVerdict {
  condition: boolean;
  value: number | null;
  threshold: number;
  detail: string;
}

const NONE: HourCounts = { clicks: 0, human: 0, bot: 0 };
const countsAt = (activity: LinkActivity, hour: number) => activity.hours.get(hour) ?? NONE;

/**
 * The expected human clicks of an hour: an exponentially weighted average of the same hour of the
 * week over the earlier weeks the link existed (oldest first, the latest weighted alpha), or null
 * when it has no earlier week.
 */
export function hourBaseline(activity: LinkActivity, hour: number, config: AnomalyConfig): number | null {
  let baseline: number | null = null;
  for (let weeksBack = config.ANOMALY_BASELINE_WEEKS; weeksBack >= 1; weeksBack--) {
    const earlier = hour - weeksBack * WEEK_MS;
    if (earlier < activity.createdAt - (activity.createdAt % HOUR_MS)) continue;
    const human = countsAt(activity, earlier).human;
    baseline =
      baseline === null
        ? human
        : config.ANOMALY_BASELINE_ALPHA * human + (1 - config.ANOMALY_BASELINE_ALPHA) * baseline;
  }
  return baseline;
}

const round = (value: number) => Math.round(value * 100) / 100;

function spikeOf(activity: LinkActivity, hour: number, config: AnomalyConfig): AnomalyVerdict {
  const human = countsAt(activity, hour).human;
  const baseline = hourBaseline(activity, hour, config);
  if (baseline === null) {
    return {
      condition: false,
      value: human,
      threshold: 0,
      detail: `${human} human clicks; no earlier week to compare with`,
    };
  }
  const threshold = Math.max(config.ANOMALY_SPIKE_MIN_CLICKS, config.ANOMALY_SPIKE_FACTOR * baseline);
  const probability = poissonUpperTail(human, baseline);
  return {
    condition: human > threshold && probability < config.ANOMALY_SPIKE_MAX_PROBABILITY,
    value: human,
    threshold: round(threshold),
    detail: `${human} human clicks in the hour; baseline ${round(baseline)} for this hour of the week; P(≥${human}) = ${probability.toExponential(1)}`,
  };
}

function dropOf(activity: LinkActivity, hour: number, config: AnomalyConfig): AnomalyVerdict {
  const hours = Array.from({ length: config.ANOMALY_DROP_HOURS }, (_, index) => hour - index * HOUR_MS);
  const baselines = hours.map((each) => hourBaseline(activity, each, config));
  const known = baselines.filter((value): value is number => value !== null);
  const baseline = known.length === hours.length ? known.reduce((sum, value) => sum + value, 0) / known.length : null;
  const human = hours.reduce((sum, each) => sum + countsAt(activity, each).human, 0);
  return {
    condition: baseline !== null && baseline >= config.ANOMALY_DROP_MIN_BASELINE && human === 0,
    value: human,
    threshold: config.ANOMALY_DROP_MIN_BASELINE,
    detail: `${human} human clicks in ${hours.length} hours; baseline ${baseline === null ? "unknown" : round(baseline)} an hour`,
  };
}

function botShareOf(activity: LinkActivity, hour: number, config: AnomalyConfig): AnomalyVerdict {
  const { clicks, bot } = countsAt(activity, hour);
  const share = clicks === 0 ? 0 : bot / clicks;
  return {
    condition: clicks >= config.ANOMALY_BOT_MIN_CLICKS && share > config.ANOMALY_BOT_SHARE,
    value: round(share),
    threshold: config.ANOMALY_BOT_SHARE,
    detail: `${bot} of ${clicks} clicks in the hour came from bots`,
  };
}

/**
 * The phishing pattern: a spike soon after the destination moved to another domain (for a link too
 * new to have a baseline, more than ANOMALY_SPIKE_MIN_CLICKS human clicks is the spike), or a
 * destination whose punycode host imitates a well-known domain, whatever its traffic.
 */
function changedThenSpikeOf(
  activity: LinkActivity,
  hour: number,
  spike: AnomalyVerdict,
  config: AnomalyConfig,
): AnomalyVerdict {
  const burst =
    spike.condition ||
    (hourBaseline(activity, hour, config) === null && countsAt(activity, hour).human > config.ANOMALY_SPIKE_MIN_CLICKS);
  const windowMs = config.ANOMALY_CHANGE_WINDOW_HOURS * HOUR_MS;
  const hourEnd = hour + HOUR_MS;
  const changedRecently =
    activity.domainChangedAt !== null &&
    activity.domainChangedAt < hourEnd &&
    hourEnd - activity.domainChangedAt <= windowMs + HOUR_MS;
  const reasons = [
    changedRecently
      ? `the destination moved to another domain at ${new Date(activity.domainChangedAt ?? 0).toISOString()}`
      : "",
    activity.imitates ? `the destination's host imitates ${activity.imitates}` : "",
  ].filter(Boolean);
  return {
    condition: (burst && changedRecently) || activity.imitates !== null,
    value: spike.value,
    threshold: spike.threshold,
    detail: reasons.length > 0 ? `${spike.detail}; ${reasons.join("; ")}` : spike.detail,
  };
}

/** Every kind's verdict for the hour that starts at `hour`. */
export function detectAnomalies(
  activity: LinkActivity,
  hour: number,
  config: AnomalyConfig,
): Record<AnomalyKind, AnomalyVerdict> {
  const spike = spikeOf(activity, hour, config);
  return {
    spike,
    drop: dropOf(activity, hour, config),
    bot_share: botShareOf(activity, hour, config),
    destination_changed_then_spike: changedThenSpikeOf(activity, hour, spike, config),
  };
}
