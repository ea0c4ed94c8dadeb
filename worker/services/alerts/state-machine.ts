// One alert's life: inactive → firing → resolved (→ firing again: a new episode). Pure, so the
// Durable Object that persists it and the scenario tests run the same transitions.
import type { AlertName } from "./catalogue";
import type { Verdict } from "./rules";

export type AlertStateName = "inactive" | "firing" | "resolved";
export type NotificationKind = "firing" | "reminder" | "resolved";

export interface AlertRecord extends AlertProgress {
  name: AlertName;
}

/** What the state machine tracks of any alert: the service's, or a link's anomaly (worker/anomalies). */
export interface AlertProgress {
  state: AlertStateName;
  /** When the current state began (epoch ms), null while never fired. */
  since: number | null;
  lastValue: number | null;
  threshold: number;
  detail: string;
  lastEvaluatedAt: number | null;
  /** Consecutive evaluations on which the condition held. */
  consecutive: number;
  /** Episodes so far: one per transition to firing. */
  episode: number;
  lastNotifiedAt: number | null;
}

export interface TransitionRules {
  /** Consecutive evaluations the condition must hold before the alert fires. */
  confirmations: number;
  /** While firing, a reminder this often; 0: none. */
  reminderMs: number;
}

export function initialRecord(name: AlertName): AlertRecord {
  return { name, ...initialProgress() };
}

/** An alert that never fired. */
export function initialProgress(): AlertProgress {
  return {
    state: "inactive",
    since: null,
    lastValue: null,
    threshold: 0,
    detail: "",
    lastEvaluatedAt: null,
    consecutive: 0,
    episode: 0,
    lastNotifiedAt: null,
  };
}

export function advance<R extends AlertProgress>(
  record: R,
  verdict: Pick<Verdict, "condition" | "value" | "threshold" | "detail">,
  now: number,
  rules: TransitionRules,
): { record: R; notify?: NotificationKind } {
  const next: R = {
    ...record,
    lastValue: verdict.value,
    threshold: verdict.threshold,
    detail: verdict.detail,
    lastEvaluatedAt: now,
    consecutive: verdict.condition ? record.consecutive + 1 : 0,
  };
  if (verdict.condition) {
    if (record.state !== "firing") {
      if (next.consecutive < rules.confirmations) return { record: next };
      return {
        record: { ...next, state: "firing", since: now, episode: record.episode + 1, lastNotifiedAt: now },
        notify: "firing",
      };
    }
    const lastNotice = record.lastNotifiedAt ?? record.since ?? now;
    if (rules.reminderMs > 0 && now - lastNotice >= rules.reminderMs) {
      return { record: { ...next, lastNotifiedAt: now }, notify: "reminder" };
    }
    return { record: next };
  }
  if (record.state === "firing") {
    return { record: { ...next, state: "resolved", since: now, lastNotifiedAt: now }, notify: "resolved" };
  }
  return { record: next };
}
