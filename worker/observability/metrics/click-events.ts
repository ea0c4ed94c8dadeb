// The click pipeline's events: the Prometheus series and the per-minute counts the dashboard charts,
// counted together so the two never disagree (as auth-events.ts does for sign-ins).
import { METRICS } from "./definitions";
import { countClickLagInWindow, countClickMessageInWindow } from "./minute-window";
import { incrementCounter, observeHistogram } from "./recorder";

/** A message of `clicks` clicks the queue accepted, at the `attempt`th try. */
export function countClickMessageSent(clicks: number, attempt: number): void {
  incrementCounter(METRICS.clickSends, { result: attempt === 1 ? "ok" : "retried" }, clicks);
  incrementCounter(METRICS.clickMessagesSent);
  observeHistogram(METRICS.clickBatchSize, {}, clicks);
  countClickMessageInWindow(clicks);
}

/** The consumer read a message whose oldest click is `seconds` old. */
export function countClickLag(seconds: number): void {
  observeHistogram(METRICS.clickLag, {}, seconds);
  countClickLagInWindow(seconds);
}
