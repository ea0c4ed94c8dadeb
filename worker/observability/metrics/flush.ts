// Sends the isolate's counted deltas to one Durable Object shard, in batches: when enough
// requests have been counted or enough time has passed, from waitUntil, never on the response path.
import { dependencyCalls } from "../dependency-calls";
import { restoreLogLines, takeLogLines } from "../log-buffer";
import { log } from "../logger";
import { METRICS } from "./definitions";
import { type MinuteDelta, restoreMinuteDeltas, takeMinuteDeltas } from "./minute-window";
import { incrementCounter, noteRequest, restorePending, type SeriesDelta, takePending } from "./recorder";

export const METRICS_SHARDS = 4;
// Each flush costs the shard a SQLite transaction: every 1,000 requests measured 5-7 % of a cached
// redirect's throughput, every 5,000 about 2 % (docs/CAPACITY.md). The timer bounds staleness.
export const FLUSH_EVERY_REQUESTS = 5_000;
export const FLUSH_EVERY_MS = 10_000;

// Each isolate writes to one shard, so no single object sees every flush.
const isolateShard = Math.floor(Math.random() * METRICS_SHARDS);
let lastFlushAt = Date.now();
// A boolean, not the in-flight promise: a request must never await a promise that another
// request's context created (workerd cancels such waits), so a second caller simply returns.
let flushInFlight = false;

export function logRing(env: Env) {
  return env.LOGS.get(env.LOGS.idFromName("log-ring"));
}

export function shardStub(env: Env, shard: number) {
  return env.METRICS.get(env.METRICS.idFromName(`metrics-shard-${shard}`));
}

async function sendLogs(env: Env, lines: string[]): Promise<void> {
  dependencyCalls().durableObject += 1;
  dependencyCalls().durableObjectFromFlush += 1;
  try {
    await logRing(env).append(lines);
  } catch (error) {
    restoreLogLines(lines);
    log("warn", "log_flush_failed", { lines: lines.length, error: String(error) });
  }
}

async function sendDeltas(env: Env, deltas: SeriesDelta[], minutes: MinuteDelta[]): Promise<void> {
  dependencyCalls().durableObject += 1;
  dependencyCalls().durableObjectFromFlush += 1;
  try {
    await shardStub(env, isolateShard).add(deltas, minutes);
    incrementCounter(METRICS.metricsFlushes, { result: "ok" });
  } catch (error) {
    restorePending(deltas);
    restoreMinuteDeltas(minutes);
    incrementCounter(METRICS.metricsFlushes, { result: "error" });
    log("warn", "metrics_flush_failed", { series: deltas.length, error: String(error) });
  }
}

/**
 * Sends everything pending now; a failure puts it back and is itself counted. Background flushes
 * (`force` false) return at once while another is in flight: that one already took what was
 * pending. A read that must see this isolate's counts (/prometheus, /metrics, /logs) forces its
 * own flush of whatever was counted since: both send disjoint deltas, so nothing counts twice.
 */
export async function flushMetrics(env: Env, force = false): Promise<void> {
  if (flushInFlight && !force) return;
  const deltas = takePending();
  const minutes = takeMinuteDeltas();
  const logs = takeLogLines();
  lastFlushAt = Date.now();
  if (deltas.length === 0 && minutes.length === 0 && logs.length === 0) return;
  const owner = !flushInFlight;
  flushInFlight = true;
  try {
    if (logs.length > 0) await sendLogs(env, logs);
    if (deltas.length > 0 || minutes.length > 0) await sendDeltas(env, deltas, minutes);
  } finally {
    if (owner) flushInFlight = false;
  }
}

/** Flushes this isolate's counts before a read of the aggregated data. */
export const flushBeforeRead = (env: Env) => flushMetrics(env, true);

/** Counts the request; returns a flush to run in waitUntil when a batch is due, else undefined. */
export function requestCounted(env: Env): (() => Promise<void>) | undefined {
  const counted = noteRequest();
  if (!env.METRICS) return undefined;
  if (counted >= FLUSH_EVERY_REQUESTS || Date.now() - lastFlushAt >= FLUSH_EVERY_MS) return () => flushMetrics(env);
  return undefined;
}
