// Renders merged series in the Prometheus text exposition format 0.0.4.

import { METRICS, type MetricDefinition } from "./definitions";
import { seriesKey } from "./recorder";
import type { StoredSeries } from "./shard-types";

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"] as const;

function familyOf(name: string): MetricDefinition | undefined {
  for (const metric of Object.values(METRICS) as MetricDefinition[]) {
    if (metric.name === name) return metric;
    if (metric.type === "histogram" && HISTOGRAM_SUFFIXES.some((suffix) => name === `${metric.name}${suffix}`))
      return metric;
  }
  return undefined;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

function histogramSortKey(series: StoredSeries): [string, number, number] {
  const { le, ...rest } = JSON.parse(series.labels) as Record<string, string>;
  const group = JSON.stringify(Object.entries(rest).sort());
  const suffix = series.name.endsWith("_bucket") ? 0 : series.name.endsWith("_sum") ? 1 : 2;
  const bound = le === undefined ? 0 : le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
  return [group, suffix, bound];
}

/** A histogram's lines: per label set, buckets by bound (+Inf last), then _sum and _count. */
function histogramOrder(a: StoredSeries, b: StoredSeries): number {
  const [groupA, suffixA, boundA] = histogramSortKey(a);
  const [groupB, suffixB, boundB] = histogramSortKey(b);
  if (groupA !== groupB) return groupA < groupB ? -1 : 1;
  if (suffixA !== suffixB) return suffixA - suffixB;
  return boundA === boundB ? 0 : boundA < boundB ? -1 : 1;
}

/** Sums series from every shard by key. */
export function mergeSeries(shards: StoredSeries[][]): StoredSeries[] {
  const merged = new Map<string, StoredSeries>();
  for (const shard of shards) {
    for (const series of shard) {
      const existing = merged.get(series.key);
      if (existing) existing.value += series.value;
      else merged.set(series.key, { ...series });
    }
  }
  return [...merged.values()];
}

/**
 * Adds the buckets a label set has never counted into, at 0: a bucket is only written once an
 * observation reaches it, but every scrape must show the whole histogram.
 */
function completeBuckets(family: MetricDefinition, members: StoredSeries[]): StoredSeries[] {
  const bucketName = `${family.name}_bucket`;
  const present = new Set(members.map((member) => member.key));
  const added: StoredSeries[] = [];
  for (const member of members) {
    if (member.name !== `${family.name}_count`) continue;
    const labels = JSON.parse(member.labels) as Record<string, string>;
    for (const bound of family.buckets ?? []) {
      const withBound = { ...labels, le: String(bound) };
      const key = seriesKey(bucketName, withBound);
      if (!present.has(key)) added.push({ key, name: bucketName, labels: JSON.stringify(withBound), value: 0 });
    }
  }
  return [...members, ...added];
}

/**
 * Adds, at 0, the 5xx series of every route and method that has answered anything. A counter that
 * first appears already at N hides those N from increase() and rate(), so without this the first
 * burst of errors on a route would never reach an alert rule (Prometheus' advice: initialise the
 * label sets you know). One extra series per route and method: the count stays bounded.
 */
export function withZeroErrorSeries(series: StoredSeries[]): StoredSeries[] {
  const name = METRICS.httpRequests.name;
  const present = new Set(series.map((item) => item.key));
  const added = new Map<string, StoredSeries>();
  for (const item of series) {
    if (item.name !== name) continue;
    const labels = { ...(JSON.parse(item.labels) as Record<string, string>), status_class: "5xx" };
    const key = seriesKey(name, labels);
    if (!present.has(key) && !added.has(key)) added.set(key, { key, name, labels: JSON.stringify(labels), value: 0 });
  }
  return [...series, ...added.values()];
}

/**
 * Label-less counters that alerts and panels read with increase(), exported at 0 before their first
 * event: the same reason as above, or the first password burst (or dead-lettered click) would never
 * alert, and a link-rot, malformed-click or partition panel would say "no data" rather than 0.
 */
const INITIALISED_COUNTERS: readonly MetricDefinition[] = [
  METRICS.passwordBursts,
  METRICS.clickDeadLetters,
  METRICS.redirectsToUnhealthy,
  METRICS.redirectsToFallback,
  METRICS.clicksMalformed,
  METRICS.clickPartitionsCreated,
  METRICS.clickPartitionsDropped,
];

export function withZeroCounters(series: StoredSeries[]): StoredSeries[] {
  const present = new Set(series.map((item) => item.key));
  const added = INITIALISED_COUNTERS.map((metric) => ({
    key: seriesKey(metric.name, {}),
    name: metric.name,
    labels: "{}",
    value: 0,
  })).filter((item) => !present.has(item.key));
  return [...series, ...added];
}

export function renderExposition(series: StoredSeries[]): string {
  const byFamily = new Map<MetricDefinition, StoredSeries[]>();
  for (const item of series) {
    const family = familyOf(item.name);
    if (!family) continue;
    byFamily.set(family, [...(byFamily.get(family) ?? []), item]);
  }
  const lines: string[] = [];
  const families = [...byFamily.keys()].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const family of families) {
    const stored = byFamily.get(family) ?? [];
    const members = family.type === "histogram" ? completeBuckets(family, stored) : stored;
    members.sort(family.type === "histogram" ? histogramOrder : (a, b) => (a.key < b.key ? -1 : 1));
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const member of members) lines.push(`${member.key} ${formatValue(member.value)}`);
  }
  return `${lines.join("\n")}\n`;
}
