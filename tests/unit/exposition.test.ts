import { describe, expect, it } from "vitest";
import { METRICS } from "../../worker/observability/metrics/definitions";
import {
  mergeSeries,
  renderExposition,
  withZeroCounters,
  withZeroErrorSeries,
} from "../../worker/observability/metrics/exposition";
import { seriesKey } from "../../worker/observability/metrics/recorder";

const stored = (name: string, labels: Record<string, string>, value: number) => ({
  key: seriesKey(name, labels),
  name,
  labels: JSON.stringify(labels),
  value,
});

describe("exposition", () => {
  it("sums shards and writes every histogram bucket in order, +Inf last, then _sum and _count", () => {
    const name = METRICS.httpRequestDuration.name;
    const labels = { route_group: "api" };
    const merged = mergeSeries([
      [stored(`${name}_bucket`, { ...labels, le: "0.05" }, 1), stored(`${name}_bucket`, { ...labels, le: "+Inf" }, 2)],
      [
        stored(`${name}_bucket`, { ...labels, le: "0.05" }, 2),
        stored(`${name}_sum`, labels, 0.5),
        stored(`${name}_count`, labels, 2),
      ],
    ]);
    const lines = renderExposition(merged).trim().split("\n");
    expect(lines[0]).toBe(`# HELP ${name} ${METRICS.httpRequestDuration.help}`);
    expect(lines[1]).toBe(`# TYPE ${name} histogram`);
    const bounds = lines.filter((line) => line.includes("_bucket")).map((line) => line.match(/le="([^"]+)"/)?.[1]);
    expect(bounds).toEqual([...(METRICS.httpRequestDuration.buckets ?? []).map(String), "+Inf"]);
    expect(lines).toContain(`${name}_bucket{le="0.001",route_group="api"} 0`);
    expect(lines).toContain(`${name}_bucket{le="0.05",route_group="api"} 3`);
    expect(lines.at(-2)).toBe(`${name}_sum{route_group="api"} 0.5`);
    expect(lines.at(-1)).toBe(`${name}_count{route_group="api"} 2`);
  });

  it("escapes label values", () => {
    const text = renderExposition([stored(METRICS.httpRequests.name, { route: 'a"b\\c\nd' }, 1)]);
    expect(text).toContain('route="a\\"b\\\\c\\nd"');
  });

  it("initialises the 5xx series of every route and method at 0, once, keeping counted ones", () => {
    const name = METRICS.httpRequests.name;
    const series = withZeroErrorSeries([
      stored(name, { method: "GET", route: "/users", status_class: "2xx" }, 7),
      stored(name, { method: "GET", route: "/users", status_class: "4xx" }, 1),
      stored(name, { method: "POST", route: "/users", status_class: "5xx" }, 3),
    ]);
    const text = renderExposition(series);
    expect(text).toContain(`${name}{method="GET",route="/users",status_class="5xx"} 0`);
    expect(text).toContain(`${name}{method="POST",route="/users",status_class="5xx"} 3`);
    expect(series).toHaveLength(4);
  });

  it("exports the label-less counters alerts and panels read with increase() at 0 until they count", () => {
    const bursts = METRICS.passwordBursts.name;
    const zeroes = [
      bursts,
      METRICS.clickDeadLetters.name,
      METRICS.redirectsToUnhealthy.name,
      METRICS.redirectsToFallback.name,
      METRICS.clicksMalformed.name,
      METRICS.clickPartitionsCreated.name,
      METRICS.clickPartitionsDropped.name,
    ];
    const before = renderExposition(withZeroCounters([]));
    for (const name of zeroes) expect(before).toContain(`\n${name} 0\n`);
    const counted = withZeroCounters([stored(bursts, {}, 2)]);
    expect(counted).toHaveLength(zeroes.length);
    expect(renderExposition(counted)).toContain(`\n${bursts} 2\n`);
  });
});
