// Counts in the isolate, at the cost of a few Map updates per request; the deltas are flushed
// in batches to Durable Object shards (see flush.ts), never one call per request.
import type { MetricDefinition } from "./definitions";

export type Labels = Record<string, string>;

export interface SeriesDelta {
  key: string;
  name: string;
  labels: Labels;
  value: number;
}

const pending = new Map<string, SeriesDelta>();
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

function add(name: string, labels: Labels, value: number): void {
  const key = seriesKey(name, labels);
  const entry = pending.get(key);
  if (entry) entry.value += value;
  else pending.set(key, { key, name, labels, value });
}

export function incrementCounter(metric: MetricDefinition, labels: Labels = {}, by = 1): void {
  add(metric.name, labels, by);
}

/** Cumulative buckets, +Inf, _sum and _count, as Prometheus histograms are exposed. */
export function observeHistogram(metric: MetricDefinition, labels: Labels, value: number): void {
  for (const bound of metric.buckets ?? []) {
    if (value <= bound) add(`${metric.name}_bucket`, { ...labels, le: String(bound) }, 1);
  }
  add(`${metric.name}_bucket`, { ...labels, le: "+Inf" }, 1);
  add(`${metric.name}_sum`, labels, value);
  add(`${metric.name}_count`, labels, 1);
}

export function noteRequest(): number {
  requestsSinceFlush += 1;
  return requestsSinceFlush;
}

/** Hands over everything counted since the last flush (and forgets it here). */
export function takePending(): SeriesDelta[] {
  const taken = [...pending.values()];
  pending.clear();
  requestsSinceFlush = 0;
  return taken;
}

/** Puts back deltas whose flush failed, so nothing is lost. */
export function restorePending(deltas: SeriesDelta[]): void {
  for (const delta of deltas) add(delta.name, delta.labels, delta.value);
}

export function pendingSeries(): number {
  return pending.size;
}
