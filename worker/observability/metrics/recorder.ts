// Counts in the isolate; the deltas are flushed in batches to Durable Object shards (flush.ts),
// never one call per request. This runs on every request, cached redirects included, so each
// series is prepared once (its exposition key built once) and an observation is then only
// number additions: no string building, no allocation.
import type { MetricDefinition } from "./definitions";

export type Labels = Record<string, string>;

export interface SeriesDelta {
  key: string;
  name: string;
  labels: Labels;
  value: number;
}

export interface PreparedHistogram {
  bounds: readonly number[];
  buckets: SeriesDelta[];
  sum: SeriesDelta;
  count: SeriesDelta;
}

// Every series this isolate has touched; the label sets are closed, so this stays small.
const series = new Map<string, SeriesDelta>();
const counters = new Map<string, SeriesDelta>();
const histograms = new Map<string, PreparedHistogram>();
let requestsSinceFlush = 0;

function labelText(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return "";
  const escapeValue = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${names.map((name) => `${name}="${escapeValue(labels[name] ?? "")}"`).join(",")}}`;
}

/** The series' identity, which is also its exposition line prefix: name{label="value",...}. */
export function seriesKey(name: string, labels: Labels): string {
  return `${name}${labelText(labels)}`;
}

function seriesFor(name: string, labels: Labels): SeriesDelta {
  const key = seriesKey(name, labels);
  let entry = series.get(key);
  if (!entry) {
    entry = { key, name, labels, value: 0 };
    series.set(key, entry);
  }
  return entry;
}

/** A cheap lookup key: callers pass a metric's labels in a fixed order. */
function lookupKey(name: string, labels: Labels): string {
  let key = name;
  for (const label in labels) key += `\u0001${labels[label]}`;
  return key;
}

export function incrementCounter(metric: MetricDefinition, labels: Labels = {}, by = 1): void {
  const lookup = lookupKey(metric.name, labels);
  let entry = counters.get(lookup);
  if (!entry) {
    entry = seriesFor(metric.name, labels);
    counters.set(lookup, entry);
  }
  entry.value += by;
}

/** A counter series, prepared once: the caller adds to its value directly. */
export function counterSeries(metric: MetricDefinition, labels: Labels = {}): SeriesDelta {
  return seriesFor(metric.name, labels);
}

/** A histogram's series for one label set, prepared once (see observePrepared). */
export function histogramSeries(metric: MetricDefinition, labels: Labels): PreparedHistogram {
  const bounds = metric.buckets ?? [];
  return {
    bounds,
    buckets: [
      ...bounds.map((bound) => seriesFor(`${metric.name}_bucket`, { ...labels, le: String(bound) })),
      seriesFor(`${metric.name}_bucket`, { ...labels, le: "+Inf" }),
    ],
    sum: seriesFor(`${metric.name}_sum`, labels),
    count: seriesFor(`${metric.name}_count`, labels),
  };
}

/** Cumulative buckets, +Inf, _sum and _count, as Prometheus histograms are exposed. */
export function observePrepared(prepared: PreparedHistogram, value: number): void {
  const { bounds, buckets } = prepared;
  for (let i = 0; i < bounds.length; i++) {
    if (value <= (bounds[i] as number)) (buckets[i] as SeriesDelta).value += 1;
  }
  (buckets[bounds.length] as SeriesDelta).value += 1;
  prepared.sum.value += value;
  prepared.count.value += 1;
}

export function observeHistogram(metric: MetricDefinition, labels: Labels, value: number): void {
  const lookup = lookupKey(metric.name, labels);
  let prepared = histograms.get(lookup);
  if (!prepared) {
    prepared = histogramSeries(metric, labels);
    histograms.set(lookup, prepared);
  }
  observePrepared(prepared, value);
}

export function noteRequest(): number {
  requestsSinceFlush += 1;
  return requestsSinceFlush;
}

/** Hands over everything counted since the last flush (and zeroes it here). */
export function takePending(): SeriesDelta[] {
  const taken: SeriesDelta[] = [];
  for (const entry of series.values()) {
    if (entry.value === 0) continue;
    taken.push({ key: entry.key, name: entry.name, labels: entry.labels, value: entry.value });
    entry.value = 0;
  }
  requestsSinceFlush = 0;
  return taken;
}

/** Puts back deltas whose flush failed, so nothing is lost. */
export function restorePending(deltas: SeriesDelta[]): void {
  for (const delta of deltas) seriesFor(delta.name, delta.labels).value += delta.value;
}
