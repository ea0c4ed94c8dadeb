import { describe, expect, it } from "vitest";
import { REDIRECT_ROUTE, recordHttpRequest } from "../../worker/observability/metrics/http-metrics";
import { type MinuteDelta, takeMinuteDeltas } from "../../worker/observability/metrics/minute-window";
import { takePending } from "../../worker/observability/metrics/recorder";

const total = (deltas: MinuteDelta[], name: string) =>
  deltas.filter((delta) => delta.name === name).reduce((sum, delta) => sum + delta.value, 0);

describe("the redirect SLIs leave refused requests out", () => {
  it("a 429 counts as a request, never as a redirect or a slow one", () => {
    takeMinuteDeltas(); // start from nothing
    recordHttpRequest(REDIRECT_ROUTE, "GET", 302, 0.002);
    for (let i = 0; i < 5; i++) recordHttpRequest(REDIRECT_ROUTE, "GET", 429, 2.5); // slow refusals
    recordHttpRequest(REDIRECT_ROUTE, "GET", 404, 0.003);
    const deltas = takeMinuteDeltas();
    expect(total(deltas, "requests")).toBe(7);
    expect(total(deltas, "redirects")).toBe(2);
    expect(total(deltas, "redirect_le_0.1")).toBe(2); // both SLI events fast: no latency budget spent
    expect(total(deltas, "errors")).toBe(0);
  });

  it("wrong passwords (403) and missing ones (401) are refusals too: timed apart, out of the SLIs (issue 27)", () => {
    takeMinuteDeltas();
    takePending();
    recordHttpRequest(REDIRECT_ROUTE, "GET", 302, 0.002);
    for (let i = 0; i < 20; i++) recordHttpRequest(REDIRECT_ROUTE, "GET", 403, 0.4); // PBKDF2, slow on purpose
    recordHttpRequest(REDIRECT_ROUTE, "GET", 401, 0.003);
    recordHttpRequest(REDIRECT_ROUTE, "GET", 410, 0.003);
    const deltas = takeMinuteDeltas();
    expect(total(deltas, "requests")).toBe(23);
    expect(total(deltas, "redirects")).toBe(2);
    expect(total(deltas, "redirect_le_0.1")).toBe(2);
    const pending = new Map(takePending().map((delta) => [delta.key, delta.value]));
    const timed = (result: string) =>
      pending.get(`linkscope_http_request_duration_seconds_count{result="${result}",route_group="redirect"}`) ?? 0;
    expect([timed("refused"), timed("success")]).toEqual([21, 2]);
  });
});
