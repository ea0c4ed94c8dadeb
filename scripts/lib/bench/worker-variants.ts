// The bench's copies of the worker, one socket each under the same workerd: the same bundle with
// the bindings that isolate one tier (the isolate cache, Redis alone, Postgres alone) or switch off
// one cost (hit logging, request metrics), and the click path's copies whose CLICKS queue goes to a
// broker (click-broker.js) that discards the messages or delivers them to the consumer.
import { findFreePort } from "../ports.ts";
import type { WorkerVariant } from "../workerd-config.ts";
import type { Bridges } from "./bridges.ts";
import type { ClickBroker } from "./click-broker-config.ts";
import type { BrokerSettings } from "./click-ingest-figures.ts";
import { BENCH_UNLOCK_SECRET } from "./protected-links.ts";

const PORT_NAMES = [
  "full",
  "fullSampled",
  "fullNoMetrics",
  "fullSampledNoMetrics",
  "redisOnly",
  "databaseOnly",
  "ceiling",
  "oneFetch",
  "oneFetchUpstash",
  "oneFetchNeon",
  "fullSampledClicks",
  "clickIngest",
  "clickConsumer",
  "clickBrokerDiscard",
  "clickBrokerDeliver",
] as const;

/** Where each variant and baseline listens. */
export type BenchPorts = Record<(typeof PORT_NAMES)[number], number>;

export async function allocatePorts(): Promise<BenchPorts> {
  const ports: Partial<BenchPorts> = {};
  for (const name of PORT_NAMES) ports[name] = await findFreePort();
  return ports as BenchPorts;
}

export const workerUrl = (port: number) => `http://127.0.0.1:${port}`;

export function workerVariants(
  ports: BenchPorts,
  options: { databaseUrl: string; keyPrefix: string; bridges: Bridges },
): WorkerVariant[] {
  const { bridges } = options;
  const common = {
    APP_VERSION: "bench",
    DATABASE_URL: options.databaseUrl,
    NEON_WS_PROXY: `127.0.0.1:${bridges.wsProxyPort}`,
    NEON_FETCH_ENDPOINT: `http://127.0.0.1:${bridges.neonBridgePort}/sql`,
    MAX_IMPORT_BYTES: "5242880",
    REDIS_KEY_PREFIX: options.keyPrefix,
    // Generous: on 2 shared cores a local hiccup is not a Redis outage, and this run measures the tiers.
    REDIS_TIMEOUT_MS: "1000",
    // As wrangler.toml ships it: 1 % of cached hits logged, every miss and error.
    LOG_REDIRECT_HIT_SAMPLE: "0.01",
    LINK_PASSWORD_SECRET: BENCH_UNLOCK_SECRET,
    // As a production deployment names its own host: the default domain's redirects never ask which
    // custom domain a host is (redirect_isolate_custom_domain does, from the isolate).
    SERVICE_HOSTS: "127.0.0.1",
  };
  const withRedis = { UPSTASH_REDIS_REST_URL: bridges.upstash.url, UPSTASH_REDIS_REST_TOKEN: bridges.upstash.token };
  return [
    // A long isolate TTL so the scenario measures the isolate tier alone.
    // Every cached hit logged (as under npm run dev): what the sampling saves.
    {
      name: "full",
      port: ports.full,
      vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "600000", LOG_REDIRECT_HIT_SAMPLE: "1" },
    },
    {
      name: "full-sampled",
      port: ports.fullSampled,
      vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "600000", LOG_REDIRECT_HIT_SAMPLE: "0.01" },
    },
    // The same two with request metrics switched off: the difference is what the metrics cost.
    {
      name: "full-no-metrics",
      port: ports.fullNoMetrics,
      vars: {
        ...common,
        ...withRedis,
        ISOLATE_CACHE_TTL_MS: "600000",
        LOG_REDIRECT_HIT_SAMPLE: "1",
        METRICS_ENABLED: "false",
      },
    },
    {
      name: "full-sampled-no-metrics",
      port: ports.fullSampledNoMetrics,
      vars: {
        ...common,
        ...withRedis,
        ISOLATE_CACHE_TTL_MS: "600000",
        LOG_REDIRECT_HIT_SAMPLE: "0.01",
        METRICS_ENABLED: "false",
      },
    },
    // full-sampled with its clicks sent: what batching and sending them cost the redirect.
    {
      name: "full-sampled-clicks",
      port: ports.fullSampledClicks,
      vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "600000", LOG_REDIRECT_HIT_SAMPLE: "0.01" },
      queues: { CLICKS: CLICK_BROKER_DISCARD },
    },
    // The same, its clicks delivered to the consumer (click_ingest): the consumer is a service of its own
    // (another isolate, so another thread), as production runs it apart from the redirects.
    {
      name: "click-ingest",
      port: ports.clickIngest,
      vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "600000", LOG_REDIRECT_HIT_SAMPLE: "0.01" },
      queues: { CLICKS: CLICK_BROKER_DELIVER },
    },
    {
      name: CLICK_CONSUMER,
      port: ports.clickConsumer,
      vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "600000", LOG_REDIRECT_HIT_SAMPLE: "0.01" },
    },
    { name: "redis-only", port: ports.redisOnly, vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "0" } },
    { name: "database-only", port: ports.databaseOnly, vars: { ...common, ISOLATE_CACHE_TTL_MS: "0" } },
  ];
}

const CLICK_BROKER_DISCARD = "click-broker-discard";
const CLICK_BROKER_DELIVER = "click-broker-deliver";
const CLICK_CONSUMER = "click-consumer";
/** worker/jobs/consume-clicks.ts's CLICKS_QUEUE (that module's imports are the worker's, not Node's). */
const CLICKS_QUEUE = "linkscope-clicks";
/**
 * How the delivering broker feeds the consumer: wrangler.toml's consumer (max_batch_size 100,
 * max_batch_timeout 1 s), two batches at once (Queues scales consumers out; two, for two cores).
 */
export const CLICK_CONSUMER_BATCHES: BrokerSettings = { batch_messages: 100, batch_wait_ms: 1_000, concurrency: 2 };

/** The click queue's two stand-ins: one discards, one delivers to the consumer as Queues would. */
export function clickBrokers(ports: BenchPorts): ClickBroker[] {
  return [
    { name: CLICK_BROKER_DISCARD, port: ports.clickBrokerDiscard, mode: "discard", queueName: CLICKS_QUEUE },
    {
      name: CLICK_BROKER_DELIVER,
      port: ports.clickBrokerDeliver,
      mode: "deliver",
      queueName: CLICKS_QUEUE,
      consumer: CLICK_CONSUMER,
      batchMessages: CLICK_CONSUMER_BATCHES.batch_messages,
      batchWaitMs: CLICK_CONSUMER_BATCHES.batch_wait_ms,
      maxConcurrent: CLICK_CONSUMER_BATCHES.concurrency,
      // wrangler.toml's max_retries.
      maxRetries: 10,
    },
  ];
}

/** The workerd service behind a port: what the CPU profiler attaches to. */
export function variantNameOf(ports: BenchPorts, variants: WorkerVariant[], port: number): string {
  return (
    {
      [ports.ceiling]: "ceiling",
      [ports.oneFetch]: "one-fetch",
      [ports.oneFetchUpstash]: "one-fetch-upstash",
      [ports.oneFetchNeon]: "one-fetch-neon",
    }[port] ?? (variants.find((variant) => variant.port === port)?.name as string)
  );
}
