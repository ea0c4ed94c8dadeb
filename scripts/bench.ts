// npm run bench [-- --out FILE] [--duration SECONDS] [--links N]
//
// Runs the bundled worker in workerd directly (the config is generated from
// `wrangler deploy --dry-run`; no wrangler dev proxy) against the real PostgreSQL and Redis
// through the local bridges, with a data set of N links (100k by default) and a Zipf access
// pattern. Each scenario is also given as a ratio of two baselines measured in the same run with
// the same runtime and load generator: a trivial worker that only answers a fixed 302 (`ceiling`),
// and a bare worker that makes one fetch to a trivial local server per request (`one_fetch`, the
// floor of any tier that needs one subrequest). Loopback only.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { hashPassword } from "../worker/domain/link-password.ts";
import { plainLinkRecord } from "../worker/domain/link-record.ts";
import { unlockCookie } from "../worker/domain/unlock-cookie.ts";
import { ADD_TO_ROLLUPS, ROLLUP_SOURCE_COLUMNS } from "../worker/services/clicks/click-rollups.ts";
import { startCpuProfile } from "./lib/cpu-profile.ts";
import { type LoadResult, runLoad } from "./lib/load.ts";
import { type ExportMeasurement, measureExport } from "./lib/measure-export.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { findFreePort } from "./lib/ports.ts";
import { postgresFloor } from "./lib/postgres-floor.ts";
import { bundleWorker, COMPATIBILITY_DATE, startWorkerd, waitForPort } from "./lib/raw-workerd.ts";
import { type WorkerVariant, writeWorkerdConfig } from "./lib/workerd-config.ts";
import { startWsProxy } from "./lib/ws-proxy.ts";
import { zipfSampler } from "./lib/zipf.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    out: { type: "string" },
    duration: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
    links: { type: "string", default: "100000" },
    connections: { type: "string", default: "32" },
    only: { type: "string" },
    // Samples the worker's CPU during one scenario: top functions printed, the profile written to FILE.cpuprofile.
    profile: { type: "string" },
  },
});
const DURATION_SECONDS = Number(args.duration);
const LINKS = Number(args.links);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
const HOT_SET = 1_000;
/** Links after the hot set: with lifecycle times and UTM tags, then capped (max_clicks). */
const FORWARDING_SET = 1_000;
const CAPPED_SET = 100;
/** Then links with 25 rules, the last one matching the scenario's requests. */
const RULES_SET = 1_000;
const RULES_START = HOT_SET + FORWARDING_SET + CAPPED_SET;
/** Then links whose destination is broken, each with a fallback_url (and UTM tags, so it is prepared). */
const BROKEN_SET = 1_000;
const BROKEN_START = RULES_START + RULES_SET;
/**
 * Password-protected links, the last ids (their cookies are made by the bench); the scenarios over
 * every link never ask for them (they would answer 401).
 */
const PROTECTED_SET = 100;
const PROTECTED_START = LINKS - PROTECTED_SET;
const BENCH_PASSWORD = "bench password";
/** The two links whose stats url_stats reads (created 90 days ago): 1,000,000 clicks and 10. */
const STATS_LARGE_ID = PROTECTED_START;
const STATS_SMALL_ID = PROTECTED_START - 1;
const STATS_LARGE_CLICKS = 1_000_000;
const STATS_SMALL_CLICKS = 10;
const BENCH_UNLOCK_SECRET = "bench-unlock-cookie-secret-of-32-characters";

/** 24 rules a desktop browser in no particular country does not match, then one it does. */
function benchRules() {
  const countries = ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "AT", "CH", "PL", "SE", "NO", "DK", "FI", "IE"];
  const misses = Array.from({ length: 24 }, (_, index) => {
    const kinds = [
      [{ type: "country", values: countries }],
      [
        { type: "os", values: ["ios", "android"] },
        { type: "country", values: ["US"] },
      ],
      [{ type: "language", values: ["ja", "zh", "ko"] }],
      [{ type: "query", param: "campaign", op: "equals", values: [`c${index}`] }],
      [{ type: "ip", values: ["203.0.113.0/24", "2001:db8::/32"] }],
      [
        { type: "browser", values: ["safari", "edge"] },
        { type: "device", values: ["mobile"] },
      ],
    ];
    return { conditions: kinds[index % kinds.length], destination: `https://example.com/rule/${index}` };
  });
  return [
    ...misses,
    { conditions: [{ type: "device", values: ["desktop"] }], destination: "https://example.com/desktop" },
  ];
}
const UNKNOWN_SET = 10_000;
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const say = (message: string) => console.log(`[bench] ${message}`);
const codeOf = (index: number) => `bn${String(index + 1).padStart(7, "0")}`;
const destinationOf = (index: number) => `https://example.com/bench/${index + 1}`;

async function sql(url: string, statement: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(statement, params);
  } finally {
    await client.end();
  }
}

/**
 * Clicks of one link spread over the last 90 days, with a realistic spread of values (classes,
 * 25 countries, 3 devices, 40 referrer hosts, a tenth from QR codes), stored and rolled up by the
 * click consumer's own SQL (click-rollups.ts), as a batch of that size would be.
 */
async function storeBenchClicks(url: string, urlId: number, clicks: number) {
  await sql(
    url,
    `WITH inserted AS (
       INSERT INTO clicks (id, url_id, clicked_at, referrer_host, country, colo, device_class, click_class, source, is_unique)
       SELECT gen_random_uuid(), $1, now() - random() * interval '90 days',
              CASE WHEN random() < 0.3 THEN NULL ELSE 'site' || floor(random() * 40) || '.example.com' END,
              (ARRAY['US','DE','FR','GB','JP','BR','IN','CA','AU','NL','ES','IT','SE','PL','MX',
                     'KR','CH','AT','BE','DK','NO','FI','IE','PT','NZ'])[1 + floor(random() * 25)::int],
              'FRA', (ARRAY['desktop','mobile','tablet'])[1 + floor(random() * 3)::int], kind.kind,
              CASE WHEN random() < 0.1 THEN 'qr' END,
              CASE WHEN kind.kind = 'human' THEN random() < 0.6 END
       FROM generate_series(1, $2::int) AS i
       CROSS JOIN LATERAL (SELECT CASE WHEN i % 20 < 16 THEN 'human' WHEN i % 20 < 19 THEN 'bot' ELSE 'preview' END AS kind) AS kind
       RETURNING ${ROLLUP_SOURCE_COLUMNS}
     ), ${ADD_TO_ROLLUPS}
     SELECT 1`,
    [urlId, clicks],
  );
}

const runId = `${Date.now()}_${randomBytes(3).toString("hex")}`;
const databaseName = `linkscope_bench_${runId}`;
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${databaseName}`;
const keyPrefix = `${databaseName}:`;
const bundleDir = mkdtempSync(`${tmpdir()}/linkscope-bench-`);
let workerd: ChildProcess | undefined;
const cleanups: (() => Promise<unknown>)[] = [];

try {
  say("bundling the worker (wrangler deploy --dry-run)");
  await bundleWorker(bundleDir);

  say(`creating ${databaseName} with ${LINKS} links`);
  await sql(ADMIN_URL, `CREATE DATABASE "${databaseName}"`);
  cleanups.push(() => sql(ADMIN_URL, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
  await applyMigrations(databaseUrl.toString());
  await sql(
    databaseUrl.toString(),
    `INSERT INTO urls (short_code, original_url)
     SELECT 'bn' || lpad(i::text, 7, '0'), 'https://example.com/bench/' || i FROM generate_series(1, $1::int) AS i`,
    [LINKS],
  );
  // Links with every lifecycle setting and UTM tags (the forwarding scenario), and capped ones
  // (each click reserved with the link's Durable Object); caps far beyond what a run can spend.
  await sql(
    databaseUrl.toString(),
    `UPDATE urls SET valid_since = now() - interval '1 day', expires_at = now() + interval '1 day',
       expired_url = 'https://example.com/over', utm = '{"source":"bench","medium":"load","campaign":"forwarding"}'
     WHERE id > $1 AND id <= $2`,
    [HOT_SET, HOT_SET + FORWARDING_SET],
  );
  await sql(databaseUrl.toString(), "UPDATE urls SET max_clicks = 1000000000 WHERE id > $1 AND id <= $2", [
    HOT_SET + FORWARDING_SET,
    HOT_SET + FORWARDING_SET + CAPPED_SET,
  ]);
  await sql(databaseUrl.toString(), "UPDATE urls SET rules = $3::jsonb WHERE id > $1 AND id <= $2", [
    RULES_START,
    RULES_START + RULES_SET,
    JSON.stringify(benchRules()),
  ]);
  await sql(
    databaseUrl.toString(),
    `UPDATE urls SET health_state = 'broken', fallback_url = 'https://example.com/fallback/' || id,
       utm = '{"source":"bench","campaign":"fallback"}' WHERE id > $1 AND id <= $2`,
    [BROKEN_START, BROKEN_START + BROKEN_SET],
  );
  await sql(databaseUrl.toString(), "UPDATE urls SET password_hash = $3 WHERE id > $1 AND id <= $2", [
    PROTECTED_START,
    PROTECTED_START + PROTECTED_SET,
    await hashPassword(BENCH_PASSWORD),
  ]);
  await sql(databaseUrl.toString(), "ANALYZE urls");
  if (!args.only || args.only.split(",").some((name) => name.startsWith("url_stats"))) {
    say(`storing ${STATS_LARGE_CLICKS} clicks of one link and ${STATS_SMALL_CLICKS} of another, with their rollups`);
    const startedAt = performance.now();
    await sql(databaseUrl.toString(), "UPDATE urls SET created_at = now() - interval '90 days' WHERE id IN ($1, $2)", [
      STATS_LARGE_ID,
      STATS_SMALL_ID,
    ]);
    for (let stored = 0; stored < STATS_LARGE_CLICKS; stored += 100_000) {
      await storeBenchClicks(databaseUrl.toString(), STATS_LARGE_ID, Math.min(100_000, STATS_LARGE_CLICKS - stored));
    }
    await storeBenchClicks(databaseUrl.toString(), STATS_SMALL_ID, STATS_SMALL_CLICKS);
    await sql(databaseUrl.toString(), "ANALYZE clicks; ANALYZE click_rollups_hourly; ANALYZE click_rollups_daily");
    const sizes = await sql(
      databaseUrl.toString(),
      `SELECT relname AS table, pg_total_relation_size(oid) AS bytes,
              (SELECT count(*) FROM click_rollups_hourly) AS hourly_rows, (SELECT count(*) FROM click_rollups_daily) AS daily_rows
       FROM pg_class WHERE relname IN ('clicks', 'click_rollups_hourly', 'click_rollups_daily', 'click_totals')`,
    );
    say(`stored in ${Math.round((performance.now() - startedAt) / 1000)} s; on disk, indexes included:`);
    for (const row of sizes.rows) say(`  ${row.table}: ${(Number(row.bytes) / 1048576).toFixed(1)} MiB`);
    say(`  rollup rows: ${sizes.rows[0]?.hourly_rows} hourly, ${sizes.rows[0]?.daily_rows} daily`);
  }

  const target = new URL(ADMIN_URL);
  const proxy = await startWsProxy({ postgresHost: target.hostname, postgresPort: Number(target.port || 5432) });
  cleanups.push(() => proxy.close());
  // The bridges get processes of their own: sharing the load generator's event loop would make
  // the Redis and Postgres scenarios measure the load generator.
  /** Runs a helper script whose last argument is the port it listens on; resolves to that port. */
  const spawnHelper = async (script: string, scriptArgs: string[]) => {
    const port = await findFreePort();
    const child = spawn(process.execPath, [`${ROOT}${script}`, ...scriptArgs, String(port)], { stdio: "ignore" });
    cleanups.push(async () => child.kill("SIGTERM"));
    await waitForPort(port);
    return port;
  };
  const neonBridgePort = await spawnHelper("scripts/neon-http-bridge.ts", ["--max-connections", "16", "--port"]);
  const oneFetchTargetPort = await spawnHelper("scripts/lib/one-fetch-target.ts", []);
  const bridgeToken = randomBytes(16).toString("hex");
  const bridgePort = await spawnHelper("scripts/upstash-bridge.ts", [
    "--redis",
    REDIS_URL,
    "--token",
    bridgeToken,
    "--port",
  ]);
  const bridge = { url: `http://127.0.0.1:${bridgePort}`, token: bridgeToken };

  say("filling Redis with every link (for the Redis-hit scenario)");
  const redis = new Redis(REDIS_URL);
  cleanups.push(async () => {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 5_000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  });
  for (let start = 0; start < LINKS; start += 10_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(start + 10_000, LINKS); i++) {
      // The bench's plain links; the lifecycle and capped ones are left to fill from Postgres.
      if ((i >= HOT_SET && i < BROKEN_START + BROKEN_SET) || i >= PROTECTED_START) continue;
      const record = plainLinkRecord(i + 1, destinationOf(i));
      pipeline.set(`${keyPrefix}link:${codeOf(i)}`, JSON.stringify(record), "EX", 3600);
    }
    await pipeline.exec();
  }

  const common = {
    APP_VERSION: "bench",
    DATABASE_URL: databaseUrl.toString(),
    NEON_WS_PROXY: `127.0.0.1:${proxy.port}`,
    NEON_FETCH_ENDPOINT: `http://127.0.0.1:${neonBridgePort}/sql`,
    MAX_IMPORT_BYTES: "5242880",
    REDIS_KEY_PREFIX: keyPrefix,
    // Generous: on 2 shared cores a local hiccup is not a Redis outage, and this run measures the tiers.
    REDIS_TIMEOUT_MS: "1000",
    // As wrangler.toml ships it: 1 % of cached hits logged, every miss and error.
    LOG_REDIRECT_HIT_SAMPLE: "0.01",
    LINK_PASSWORD_SECRET: BENCH_UNLOCK_SECRET,
  };
  const withRedis = { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token };
  const ports = {
    full: await findFreePort(),
    fullSampled: await findFreePort(),
    fullNoMetrics: await findFreePort(),
    fullSampledNoMetrics: await findFreePort(),
    redisOnly: await findFreePort(),
    databaseOnly: await findFreePort(),
    ceiling: await findFreePort(),
    oneFetch: await findFreePort(),
    oneFetchUpstash: await findFreePort(),
    oneFetchNeon: await findFreePort(),
  };
  const variants: WorkerVariant[] = [
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
  const configPath = writeWorkerdConfig({
    bundleDir,
    compatibilityDate: COMPATIBILITY_DATE,
    ceilingPort: ports.ceiling,
    oneFetch: [
      { name: "one-fetch", port: ports.oneFetch, url: `http://127.0.0.1:${oneFetchTargetPort}/` },
      // The very request each tier makes to its local bridge, and nothing else: the floor of that
      // tier on this machine, so what the bridge costs and what the worker's code costs can be told apart.
      {
        name: "one-fetch-upstash",
        port: ports.oneFetchUpstash,
        url: bridge.url,
        headers: { Authorization: `Bearer ${bridge.token}`, "Upstash-Encoding": "base64" },
        body: JSON.stringify(["get", `${keyPrefix}redirect:${codeOf(0)}`]),
      },
      {
        name: "one-fetch-neon",
        port: ports.oneFetchNeon,
        url: `http://127.0.0.1:${neonBridgePort}/sql`,
        headers: {
          "Neon-Connection-String": databaseUrl.toString(),
          "Neon-Raw-Text-Output": "true",
          "Neon-Array-Mode": "true",
        },
        body: JSON.stringify({
          query:
            'select "original_url" from "urls" where ("urls"."short_code" = $1 and "urls"."is_active" = $2) limit $3',
          params: [codeOf(0), "true", "1"],
        }),
      },
    ],
    variants,
  });
  say("starting workerd");
  // The worker's warnings (stderr) are kept: failures during a run are counted below.
  const inspectorPort = args.profile ? await findFreePort() : undefined;
  workerd = startWorkerd(configPath, bundleDir, `${bundleDir}/workerd.log`, inspectorPort);
  await Promise.all(Object.values(ports).map((port) => waitForPort(port)));

  const variantOf = (port: number) =>
    ({
      [ports.ceiling]: "ceiling",
      [ports.oneFetch]: "one-fetch",
      [ports.oneFetchUpstash]: "one-fetch-upstash",
      [ports.oneFetchNeon]: "one-fetch-neon",
    })[port] ?? (variants.find((variant) => variant.port === port)?.name as string);
  const zipfAll = zipfSampler(LINKS);
  const zipfHot = zipfSampler(HOT_SET);
  const zipfUnknown = zipfSampler(UNKNOWN_SET);
  const base = (port: number) => `http://127.0.0.1:${port}`;

  // Warm the isolate tier with the hot set (and the sampled variant with the lifecycle links).
  for (const port of [ports.full, ports.fullSampled, ports.fullNoMetrics, ports.fullSampledNoMetrics]) {
    for (let i = 0; i < HOT_SET; i++) await fetch(`${base(port)}/${codeOf(i)}`, { redirect: "manual" });
  }
  for (let i = HOT_SET; i < HOT_SET + FORWARDING_SET; i++) {
    await fetch(`${base(ports.fullSampled)}/${codeOf(i)}`, { redirect: "manual" });
  }
  for (let i = RULES_START; i < RULES_START + RULES_SET; i++) {
    await fetch(`${base(ports.fullSampled)}/${codeOf(i)}`, { redirect: "manual" });
  }
  const zipfRules = zipfSampler(RULES_SET);
  const zipfProtected = zipfSampler(PROTECTED_SET);
  /** A link index outside the protected set (which would answer 401 to these scenarios). */
  const unprotected = (index: number) => (index >= PROTECTED_START ? index - PROTECTED_SET : index);
  const unlockCookies = await Promise.all(
    Array.from({ length: PROTECTED_SET }, async (_, offset) => {
      const index = PROTECTED_START + offset;
      const cookie = await unlockCookie(BENCH_UNLOCK_SECRET, { id: index + 1, code: codeOf(index), version: 0 }, false);
      return cookie.split(";")[0] as string;
    }),
  );
  for (let offset = 0; offset < PROTECTED_SET; offset++) {
    await fetch(`${base(ports.fullSampled)}/${codeOf(PROTECTED_START + offset)}`, {
      redirect: "manual",
      headers: { Cookie: unlockCookies[offset] as string },
    });
  }
  const zipfForwarding = zipfSampler(FORWARDING_SET);
  const zipfCapped = zipfSampler(CAPPED_SET);
  const zipfBroken = zipfSampler(BROKEN_SET);
  const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

  interface Scenario {
    name: string;
    port: number;
    next: () => { path: string; method?: string; body?: string; headers?: Record<string, string> };
    isExpected?: (status: number) => boolean;
  }
  let created = 0;
  const scenarios: Scenario[] = [
    { name: "ceiling", port: ports.ceiling, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    { name: "one_fetch", port: ports.oneFetch, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    // Informational floors: one_fetch whose fetch is the Redis tier's (or Postgres tier's) request to its bridge.
    { name: "one_fetch_upstash_bridge", port: ports.oneFetchUpstash, next: () => ({ path: "/x" }) },
    { name: "one_fetch_neon_bridge", port: ports.oneFetchNeon, next: () => ({ path: "/x" }) },
    { name: "redirect_isolate", port: ports.full, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    // Informational: the same, logging 1% of isolate hits (LOG_REDIRECT_HIT_SAMPLE=0.01).
    {
      name: "redirect_isolate_sampled_logs",
      port: ports.fullSampled,
      next: () => ({ path: `/${codeOf(zipfHot())}` }),
    },
    { name: "redirect_isolate_no_metrics", port: ports.fullNoMetrics, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    {
      name: "redirect_isolate_sampled_logs_no_metrics",
      port: ports.fullSampledNoMetrics,
      next: () => ({ path: `/${codeOf(zipfHot())}` }),
    },
    // Lifecycle times checked, UTM tags added and an incoming query forwarded (fill), from the
    // isolate: within 0.9 of redirect_isolate_sampled_logs is the goal.
    {
      name: "redirect_isolate_forwarding",
      port: ports.fullSampled,
      next: () => ({ path: `/${codeOf(HOT_SET + zipfForwarding())}?ref=bench&color=blue` }),
    },
    // Informational: redirect_isolate_sampled_logs with the two headers the rules scenario sends
    // (a browser's User-Agent and Accept-Language), so the cost of carrying them is known.
    {
      name: "redirect_isolate_sampled_logs_browser",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(zipfHot())}`,
        headers: { "User-Agent": BROWSER, "Accept-Language": "en-US,en;q=0.9" },
      }),
    },
    // 25 rules, the last one matching (a desktop browser), from the isolate: the goal is within
    // 0.9 of redirect_isolate_sampled_logs.
    {
      name: "redirect_isolate_rules",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(RULES_START + zipfRules())}`,
        headers: { "User-Agent": BROWSER, "Accept-Language": "en-US,en;q=0.9" },
      }),
    },
    // A link whose destination is broken, opened by a person: sent to its fallback_url (with UTM
    // tags) and counted (linkscope_redirects_to_fallback_total), from the isolate. The goal is within
    // 0.9 of redirect_isolate_sampled_logs_browser (the same headers, a plain link).
    {
      name: "redirect_isolate_broken_fallback",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(BROKEN_START + zipfBroken())}`,
        headers: { "User-Agent": BROWSER, "Accept-Language": "en-US,en;q=0.9" },
      }),
    },
    // A capped link: every human click reserved with the link's Durable Object (one call).
    {
      name: "redirect_capped",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(HOT_SET + FORWARDING_SET + zipfCapped())}`,
        headers: { "User-Agent": BROWSER },
      }),
    },
    // A password-protected link opened with its unlock cookie: an HMAC check per request, from the
    // isolate's record (no Postgres, Redis or Durable Object call).
    {
      name: "redirect_protected_cookie",
      port: ports.fullSampled,
      next: () => {
        const offset = zipfProtected();
        return {
          path: `/${codeOf(PROTECTED_START + offset)}`,
          headers: { "User-Agent": BROWSER, Cookie: unlockCookies[offset] as string },
        };
      },
    },
    // The same link with the password in X-Link-Password on every request: the guess limiter's
    // Durable Object call, the hash read from Postgres and PBKDF2 (100,000 iterations) each time.
    {
      name: "redirect_protected_header",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(PROTECTED_START + zipfProtected())}`,
        headers: { "User-Agent": BROWSER, "X-Link-Password": BENCH_PASSWORD },
      }),
    },
    // A link's stats (the default window: every day since it was created, 90 days ago), read from
    // the rollups: a link with 1,000,000 clicks against one with 10. The goal is a ratio of 0.8 or more.
    { name: "url_stats_1m_clicks", port: ports.full, next: () => ({ path: `/urls/${STATS_LARGE_ID}/stats` }) },
    { name: "url_stats_10_clicks", port: ports.full, next: () => ({ path: `/urls/${STATS_SMALL_ID}/stats` }) },
    // A link's QR code drawn on every request (the link itself from the entity cache).
    // A search over the 100,000 links (their destinations https://example.com/bench/N) for one of them,
    // picked uniformly: "bench/4242" also matches 42420-42429, so 1 to 111 matches; newest first, a
    // page of 20 with its cursor. (Searches matching 1-10 % of all links: 5-25 ms in Postgres; see CAPACITY.)
    {
      name: "search_urls",
      port: ports.full,
      next: () => ({ path: `/urls?q=bench/${1 + Math.floor(Math.random() * LINKS)}&sort=-created_at&per_page=20` }),
    },
    { name: "qr_svg", port: ports.full, next: () => ({ path: `/urls/${1 + zipfHot()}/qr.svg?size=512` }) },
    { name: "qr_png", port: ports.full, next: () => ({ path: `/urls/${1 + zipfHot()}/qr.png?size=512` }) },
    { name: "redirect_redis", port: ports.redisOnly, next: () => ({ path: `/${codeOf(unprotected(zipfAll()))}` }) },
    { name: "redirect_db", port: ports.databaseOnly, next: () => ({ path: `/${codeOf(unprotected(zipfAll()))}` }) },
    {
      name: "unknown_code",
      port: ports.full,
      next: () => ({ path: `/nx${String(zipfUnknown()).padStart(7, "0")}` }),
      isExpected: (status) => status === 404,
    },
    {
      name: "create_url",
      port: ports.full,
      next: () => ({
        path: "/urls",
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ original_url: `https://example.com/new/${runId}/${created++}` }),
      }),
    },
  ];

  type Result = LoadResult & { ratio_to_ceiling: number; ratio_to_one_fetch: number };
  const results: Record<string, Result> = {};
  const measure = async (scenario: Scenario, durationSeconds: number) => {
    const load = {
      url: base(scenario.port),
      connections: CONNECTIONS,
      nextRequest: scenario.next,
      isExpected: scenario.isExpected,
    };
    await runLoad({ ...load, durationSeconds: 1 });
    if (scenario.name !== args.profile || !inspectorPort) return runLoad({ ...load, durationSeconds });
    const profiler = await startCpuProfile(inspectorPort, variantOf(scenario.port));
    const result = await runLoad({ ...load, durationSeconds });
    const { profile, summary } = await profiler.stop();
    writeFileSync(`${scenario.name}.cpuprofile`, JSON.stringify(profile));
    say(`CPU profile of ${scenario.name} (written to ${scenario.name}.cpuprofile):\n${summary.join("\n")}`);
    return result;
  };
  const median = (runs: LoadResult[]) =>
    [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)] as LoadResult;
  const BASELINES = new Set(["ceiling", "one_fetch"]);
  const chosen = (name: string) => !args.only || BASELINES.has(name) || args.only.split(",").includes(name);

  // The baselines, the isolate tier and the two stats scenarios are measured in alternating rounds,
  // keeping the median of each, so a passing disturbance on this shared machine cannot decide a ratio.
  const inRounds = (name: string) => name.startsWith("redirect_isolate") || name.startsWith("url_stats");
  const alternating = scenarios.filter((s) => BASELINES.has(s.name) || (inRounds(s.name) && chosen(s.name)));
  const others = scenarios.filter((s) => !alternating.includes(s) && !inRounds(s.name));
  const runs = new Map<string, LoadResult[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    say(`round ${round}/${ROUNDS}: the baselines and the isolate scenarios, ${DURATION_SECONDS}s each`);
    for (const scenario of alternating) {
      const result = await measure(scenario, DURATION_SECONDS);
      runs.set(scenario.name, [...(runs.get(scenario.name) ?? []), result]);
    }
  }
  const medians = new Map([...runs].map(([name, list]) => [name, median(list)]));
  const ceiling = medians.get("ceiling") as LoadResult;
  const oneFetch = medians.get("one_fetch") as LoadResult;
  const rounded = (value: number) => Math.round(value * 1000) / 1000;
  const withRatios = (result: LoadResult): Result => ({
    ...result,
    ratio_to_ceiling: rounded(result.rps / ceiling.rps),
    ratio_to_one_fetch: rounded(result.rps / oneFetch.rps),
  });
  for (const [name, result] of medians) results[name] = withRatios(result);
  for (const scenario of others.filter((s) => chosen(s.name))) {
    say(`${scenario.name}: ${DURATION_SECONDS}s with ${CONNECTIONS} connections`);
    results[scenario.name] = withRatios(await measure(scenario, DURATION_SECONDS));
  }

  // An export of every link (GET /urls/export.csv), once as CSV and once as NDJSON: its time, and
  // whether the worker's memory grows with it (it streams a page of 2,000 links at a time).
  const exports: Record<string, ExportMeasurement> = {};
  if (chosen("export_urls") && workerd?.pid !== undefined) {
    // Everything, then a tenth (q=bench/1: 11,112 links), then everything again: the first export grows
    // the heap to its working size; were an export held whole, the second would rise far above the tenth.
    const runs = [
      ["export_urls_csv", "format=csv"],
      ["export_urls_csv_tenth", "q=bench/1&format=csv"],
      ["export_urls_csv_again", "format=csv"],
      ["export_urls_ndjson", "format=ndjson"],
    ] as const;
    for (const [name, query] of runs) {
      say(`${name}: streamed`);
      exports[name] = await measureExport(`${base(ports.full)}/urls/export.csv?${query}`, workerd.pid);
    }
  }

  // Postgres alone, from Node over pooled TCP connections: the statements of a redirect miss and of
  // a link creation (BEGIN, two INSERTs, COMMIT), with nothing in front of Postgres.
  const floors = {
    postgres_alone_select: (client: pg.PoolClient, index: number) =>
      client.query('select "original_url" from "urls" where "short_code" = $1 and "is_active" = true limit 1', [
        codeOf(index % LINKS),
      ]),
    postgres_alone_create: async (client: pg.PoolClient, index: number) => {
      await client.query("BEGIN");
      await client.query("INSERT INTO urls (short_code, original_url) VALUES ($1, $2)", [
        `pf${runId.slice(-6)}${index}`,
        `https://example.com/floor/${index}`,
      ]);
      await client.query(
        "INSERT INTO events (url_id, event_type, details) VALUES (currval(pg_get_serial_sequence('urls', 'id')), 'created', '{}')",
      );
      await client.query("COMMIT");
    },
  };
  const postgresFloors: Record<string, { rps: number; errors: number }> = {};
  for (const [name, unit] of Object.entries(floors)) {
    if (!chosen(name)) continue;
    say(`${name}: ${DURATION_SECONDS}s from ${CONNECTIONS} clients on a pool of 16 connections`);
    postgresFloors[name] = await postgresFloor(databaseUrl.toString(), CONNECTIONS, DURATION_SECONDS, unit);
  }

  console.log("");
  console.log("scenario                                   req/s   p50 ms   p99 ms   errors  ÷ ceiling  ÷ one_fetch");
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(40)} ${String(r.rps).padStart(7)}  ${String(r.p50_ms).padStart(7)}  ${String(r.p99_ms).padStart(7)}  ${String(r.errors).padStart(7)}  ${r.ratio_to_ceiling.toFixed(3).padStart(9)}  ${r.ratio_to_one_fetch.toFixed(3).padStart(11)}`,
    );
  }
  for (const [name, floor] of Object.entries(postgresFloors)) {
    console.log(
      `${name.padEnd(40)} ${String(floor.rps).padStart(7)}  (Node → Postgres, no worker)  ${String(floor.errors).padStart(7)}  ${(floor.rps / ceiling.rps).toFixed(3).padStart(9)}  ${(floor.rps / oneFetch.rps).toFixed(3).padStart(11)}`,
    );
  }
  // What counting every request costs a cached redirect, measured in the same rounds.
  for (const [withMetrics, without] of [
    ["redirect_isolate", "redirect_isolate_no_metrics"],
    ["redirect_isolate_sampled_logs", "redirect_isolate_sampled_logs_no_metrics"],
  ] as const) {
    const on = results[withMetrics];
    const off = results[without];
    if (on && off)
      console.log(`metrics cost on ${withMetrics}: ${((1 - on.rps / off.rps) * 100).toFixed(1)} % of its throughput`);
  }
  for (const [name, e] of Object.entries(exports)) {
    console.log(
      `${name}: ${e.rows} links, ${(e.bytes / 1e6).toFixed(1)} MB in ${e.seconds} s (first byte ${e.first_byte_ms} ms), workerd CPU ${e.worker_cpu_seconds} s; RSS ${e.rss_before_mb} → peak ${e.rss_peak_mb} MB`,
    );
  }
  const statsLarge = results.url_stats_1m_clicks;
  const statsSmall = results.url_stats_10_clicks;
  if (statsLarge && statsSmall) {
    console.log(
      `url_stats: the link with ${STATS_LARGE_CLICKS} clicks answers at ${(statsLarge.rps / statsSmall.rps).toFixed(3)} of the rate of the one with ${STATS_SMALL_CLICKS} (goal: 0.8 or more)`,
    );
  }
  console.log(
    `\n(${LINKS} links, Zipf s=1.07; isolate scenario over the ${HOT_SET} hottest codes; workerd ${COMPATIBILITY_DATE} on ${CONNECTIONS} connections)`,
  );
  const workerLog = readFileSync(`${bundleDir}/workerd.log`, "utf8");
  const redisFailures = workerLog.match(/"redis_call_failed"[^\n]*/g) ?? [];
  console.log(`worker warnings during the run: ${redisFailures.length} failed Redis calls`);
  if (process.env.BENCH_SHOW_FAILURES) for (const line of redisFailures.slice(0, 5)) console.log(line);
  if (args.out) {
    const json: Record<string, Record<string, number>> = Object.fromEntries(
      Object.entries(results).map(([name, r]) => [
        name,
        {
          rps: r.rps,
          p50_ms: r.p50_ms,
          p99_ms: r.p99_ms,
          errors: r.errors,
          ratio_to_ceiling: r.ratio_to_ceiling,
          ratio_to_one_fetch: r.ratio_to_one_fetch,
        },
      ]),
    );
    for (const [name, floor] of Object.entries(postgresFloors)) {
      json[name] = { rps: floor.rps, errors: floor.errors, ratio_to_one_fetch: rounded(floor.rps / oneFetch.rps) };
    }
    for (const [name, e] of Object.entries(exports)) json[name] = { ...e };
    writeFileSync(args.out, `${JSON.stringify(json, null, 2)}\n`);
    say(`results written to ${args.out}`);
  }
} finally {
  if (workerd && workerd.exitCode === null) workerd.kill("SIGTERM");
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(bundleDir, { recursive: true, force: true });
}
