// The click pipeline's per-minute counts come with its Prometheus series (click-events.ts): whatever
// counts a click send or a consumer's lag for Prometheus counts it for the dashboard too, in a minute
// without requests.
import { describe, expect, it } from "vitest";
import { countClickLag, countClickMessageSent } from "../../worker/observability/metrics/click-events";
import { METRICS } from "../../worker/observability/metrics/definitions";
import { type MinuteDelta, takeMinuteDeltas } from "../../worker/observability/metrics/minute-window";
import { incrementCounter, takePending } from "../../worker/observability/metrics/recorder";

const total = (deltas: MinuteDelta[], name: string) =>
  deltas.filter((delta) => delta.name === name).reduce((sum, delta) => sum + delta.value, 0);

describe("the click pipeline per minute", () => {
  it("counts clicks the queue accepted, their messages, and the consumer's lag per bucket, without a request", () => {
    takeMinuteDeltas(); // start from nothing
    takePending();
    // Two messages accepted (40 clicks, one needed a retry), one lost (10 clicks: not sent).
    countClickMessageSent(30, 1);
    countClickMessageSent(10, 2);
    incrementCounter(METRICS.clickSends, { result: "error" }, 10);
    // The consumer reads three messages: 0.05 s, 1.5 s and an hour behind (past the last bound).
    for (const seconds of [0.05, 1.5, 3600]) countClickLag(seconds);
    incrementCounter(METRICS.clicksStored, {}, 40); // not charted per minute
    const deltas = takeMinuteDeltas();
    expect(total(deltas, "requests")).toBe(0);
    expect(total(deltas, "clicks_sent")).toBe(40);
    expect(total(deltas, "click_messages_sent")).toBe(2);
    expect(total(deltas, "click_lag_messages")).toBe(3);
    expect(total(deltas, "click_lag_le_0.1")).toBe(1);
    expect(total(deltas, "click_lag_le_1")).toBe(1);
    expect(total(deltas, "click_lag_le_2")).toBe(2);
    expect(total(deltas, "click_lag_le_1800")).toBe(2);
    expect(deltas.map((delta) => delta.name)).not.toContain("clicks_stored");
    // Prometheus saw the same observations.
    const pending = new Map(takePending().map((delta) => [delta.key, delta.value]));
    expect(pending.get(`${METRICS.clickMessagesSent.name}`)).toBe(2);
    expect(pending.get(`${METRICS.clickLag.name}_count`)).toBe(3);
  });
});
