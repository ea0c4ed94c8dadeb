// Per-link anomaly thresholds (docs/RUNBOOK.md, "Per-link anomalies"), from vars.
import { z } from "zod";

const positive = z.coerce.number().positive();
const count = z.coerce.number().int().min(1);

/** The anomaly settings: part of the one configuration schema (worker/config/settings.ts). */
export const ANOMALY_SETTINGS = {
  // An hour is judged this many minutes after it ends, so the clicks still in the queue have landed.
  ANOMALY_EVALUATION_DELAY_MINUTES: z.coerce.number().int().min(0).max(59).default(5),
  // spike: human clicks in an hour above max(MIN_CLICKS, FACTOR × the hour-of-week baseline) and less
  // probable than MAX_PROBABILITY under a Poisson model of that baseline.
  ANOMALY_SPIKE_MIN_CLICKS: count.default(50),
  ANOMALY_SPIKE_FACTOR: positive.default(5),
  ANOMALY_SPIKE_MAX_PROBABILITY: z.coerce.number().gt(0).lt(1).default(1e-6),
  // The baseline of an hour: an exponentially weighted average of the same hour of the week over
  // this many earlier weeks (those after the link was created), the latest weighted ALPHA.
  ANOMALY_BASELINE_WEEKS: count.max(12).default(8),
  ANOMALY_BASELINE_ALPHA: z.coerce.number().gt(0).max(1).default(0.3),
  // drop: a baseline of at least MIN_BASELINE human clicks an hour, and none for HOURS hours.
  ANOMALY_DROP_MIN_BASELINE: positive.default(20),
  ANOMALY_DROP_HOURS: count.max(24).default(3),
  // bot_share: bots are more than SHARE of at least MIN_CLICKS clicks in an hour.
  ANOMALY_BOT_SHARE: z.coerce.number().gt(0).lt(1).default(0.5),
  ANOMALY_BOT_MIN_CLICKS: count.default(20),
  // destination_changed_then_spike: the destination moved to another registrable domain at most
  // this many hours before a spike.
  ANOMALY_CHANGE_WINDOW_HOURS: count.max(168).default(24),
};

const AnomalySettingsSchema = z.object(ANOMALY_SETTINGS);
export type AnomalyConfig = z.infer<typeof AnomalySettingsSchema>;
export const DEFAULT_ANOMALY_CONFIG: AnomalyConfig = AnomalySettingsSchema.parse({});
