// The bench's copies of the worker, one socket each under the same workerd: the same bundle with
// the bindings that isolate one tier (the isolate cache, Redis alone, Postgres alone) or switch off
// one cost (hit logging, request metrics).
import { findFreePort } from "../ports.ts";
import type { WorkerVariant } from "../workerd-config.ts";
import type { Bridges } from "./bridges.ts";
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
    { name: "redis-only", port: ports.redisOnly, vars: { ...common, ...withRedis, ISOLATE_CACHE_TTL_MS: "0" } },
    { name: "database-only", port: ports.databaseOnly, vars: { ...common, ISOLATE_CACHE_TTL_MS: "0" } },
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
