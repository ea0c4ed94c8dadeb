// npm run bench [-- --out FILE] [--duration SECONDS] [--rounds N] [--links N] [--connections N]
//                  [--only SCENARIO,...] [--profile SCENARIO] [--soak SECONDS] [--soak-rate REQUESTS_PER_SECOND]
//
// Runs the bundled worker in workerd directly (the config is generated from
// `wrangler deploy --dry-run`; no wrangler dev proxy) against the real PostgreSQL and Redis
// through the local bridges, with a data set of N links (100k by default) and a Zipf access
// pattern. Each scenario is also given as a ratio of two baselines measured in the same run with
// the same runtime and load generator: a trivial worker that only answers a fixed 302 (`ceiling`),
// and a bare worker that makes one fetch to a trivial local server per request (`one_fetch`, the
// floor of any tier that needs one subrequest). Loopback only.
//
// Clicks: redirect_isolate_sampled_logs_clicks sends every click to a queue broker that discards
// them; click_ingest (--only click_ingest) delivers them through the real consumer into Postgres and
// reports clicks stored per second and queue messages per click; --soak SECONDS runs that for longer
// at a steady rate (--soak-rate, 1,000 redirects/s by default), sampling workerd's memory, and checks
// that every served click was stored once.
//
// This file is the run: set-up, rounds, report. What it runs lives in scripts/lib/bench/: the data
// set (link-layout, data-set, stats-clicks, redis-fill), the worker variants (worker-variants,
// bench-workerd), the scenarios (scenarios/, one module per family) and the report (ratios, report).
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { writeBenchWorkerdConfig } from "./lib/bench/bench-workerd.ts";
import { startBridges } from "./lib/bench/bridges.ts";
import { type Cleanups, runCleanups } from "./lib/bench/cleanups.ts";
import { readBrokerCounters } from "./lib/bench/click-broker-config.ts";
import type { SoakResult } from "./lib/bench/click-ingest-figures.ts";
import { verifyBenchCredentials } from "./lib/bench/credentials.ts";
import { createBenchDatabase } from "./lib/bench/data-set.ts";
import { linkLayout } from "./lib/bench/link-layout.ts";
import { say } from "./lib/bench/log.ts";
import { scenarioMeasurer } from "./lib/bench/measure.ts";
import { makeUnlockCookies } from "./lib/bench/protected-links.ts";
import { median, type Result, ratiosTo } from "./lib/bench/ratios.ts";
import { fillRedis } from "./lib/bench/redis-fill.ts";
import { type BenchReport, printReport, writeReportFile } from "./lib/bench/report.ts";
import { type ClickIngestContext, measureClickIngest, measureClickSoak } from "./lib/bench/scenarios/click-ingest.ts";
import { measurePostgresFloors } from "./lib/bench/scenarios/postgres-floors.ts";
import { benchScenarios } from "./lib/bench/scenarios/scenario-list.ts";
import { measureUrlExports } from "./lib/bench/scenarios/url-exports.ts";
import { scenarioFilter, splitScenarios } from "./lib/bench/selection.ts";
import { needsStatsClicks, storeStatsClicks } from "./lib/bench/stats-clicks.ts";
import { warmIsolates } from "./lib/bench/warm-up.ts";
import {
  allocatePorts,
  CLICK_CONSUMER_BATCHES,
  clickBrokers,
  variantNameOf,
  workerUrl,
  workerVariants,
} from "./lib/bench/worker-variants.ts";
import type { LoadResult } from "./lib/load.ts";
import type { ExportMeasurement } from "./lib/measure-export.ts";
import { findFreePort } from "./lib/ports.ts";
import { bundleWorker, startWorkerd, waitForPort } from "./lib/raw-workerd.ts";

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
    // Runs click_ingest's Zipf load for this long at --soak-rate redirects/s, checking every click and workerd's memory.
    soak: { type: "string" },
    "soak-rate": { type: "string", default: "1000" },
  },
});
const DURATION_SECONDS = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const ROUNDS = Number(args.rounds);
const ONLY = args.only?.split(",");
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const layout = linkLayout(Number(args.links));
const chosen = scenarioFilter(ONLY);
const runId = `${Date.now()}_${randomBytes(3).toString("hex")}`;
const databaseName = `linkscope_bench_${runId}`;
const databaseAddress = new URL(ADMIN_URL);
databaseAddress.pathname = `/${databaseName}`;
const databaseUrl = databaseAddress.toString();
const keyPrefix = `${databaseName}:`;
const bundleDir = mkdtempSync(`${tmpdir()}/linkscope-bench-`);
let workerd: ChildProcess | undefined;
const cleanups: Cleanups = [];

try {
  say("bundling the worker (wrangler deploy --dry-run)");
  await bundleWorker(bundleDir);

  const { largeWorkspaceId } = await createBenchDatabase({
    adminUrl: ADMIN_URL,
    databaseName,
    databaseUrl,
    layout,
    cleanups,
  });
  if (needsStatsClicks(ONLY)) await storeStatsClicks(databaseUrl, layout);
  const bridges = await startBridges({ adminUrl: ADMIN_URL, redisUrl: REDIS_URL, cleanups });
  await fillRedis({ redisUrl: REDIS_URL, keyPrefix, layout, cleanups });

  const ports = await allocatePorts();
  const variants = workerVariants(ports, { databaseUrl, keyPrefix, bridges });
  const brokers = clickBrokers(ports);
  const configPath = writeBenchWorkerdConfig({ bundleDir, ports, variants, brokers, bridges, databaseUrl, keyPrefix });
  say("starting workerd");
  // The worker's warnings (stderr) are kept: failures during a run are counted in the report.
  const inspectorPort = args.profile ? await findFreePort() : undefined;
  // --experimental: the delivering broker calls the consumer's queue handler (service_binding_extra_handlers).
  workerd = startWorkerd(configPath, bundleDir, `${bundleDir}/workerd.log`, { inspectorPort, experimental: true });
  await Promise.all(Object.values(ports).map((port) => waitForPort(port)));

  const unlockCookies = await makeUnlockCookies(layout);
  await warmIsolates(ports, layout, unlockCookies);
  await verifyBenchCredentials(workerUrl(ports.full));
  // The clicks the rounds send (the warm-up's, one per message, left out).
  const sendsBefore = chosen("redirect_isolate_sampled_logs_clicks")
    ? await readBrokerCounters(ports.clickBrokerDiscard)
    : undefined;
  const scenarios = benchScenarios({ ports, layout, runId, unlockCookies, largeWorkspaceId });
  const measure = scenarioMeasurer({
    connections: CONNECTIONS,
    profile: args.profile,
    inspectorPort,
    variantOf: (port) => variantNameOf(ports, variants, port),
  });

  const { alternating, others } = splitScenarios(scenarios, chosen);
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
  const withRatios = ratiosTo(ceiling, oneFetch);
  const results: Record<string, Result> = {};
  for (const [name, result] of medians) results[name] = withRatios(result);
  for (const scenario of others) {
    say(`${scenario.name}: ${DURATION_SECONDS}s with ${CONNECTIONS} connections`);
    results[scenario.name] = withRatios(await measure(scenario, DURATION_SECONDS));
  }

  let exports: Record<string, ExportMeasurement> = {};
  if (chosen("export_urls") && workerd.pid !== undefined) {
    exports = await measureUrlExports(workerUrl(ports.full), workerd.pid);
  }
  const postgresFloors = await measurePostgresFloors({
    databaseUrl,
    layout,
    runId,
    chosen,
    connections: CONNECTIONS,
    durationSeconds: DURATION_SECONDS,
  });

  const clickContext: ClickIngestContext = {
    databaseUrl,
    layout,
    port: ports.clickIngest,
    brokerPort: ports.clickBrokerDeliver,
    broker: CLICK_CONSUMER_BATCHES,
    connections: CONNECTIONS,
  };
  const clickIngest = chosen("click_ingest") ? await measureClickIngest(clickContext) : undefined;
  let clickSoak: SoakResult | undefined;
  if (args.soak && workerd.pid !== undefined) {
    clickSoak = await measureClickSoak(clickContext, {
      seconds: Number(args.soak),
      rate: Number(args["soak-rate"]),
      workerdPid: workerd.pid,
    });
  }
  const sendsAfter = sendsBefore && (await readBrokerCounters(ports.clickBrokerDiscard));
  const clickSends =
    sendsBefore && sendsAfter
      ? { messages: sendsAfter.messages - sendsBefore.messages, clicks: sendsAfter.clicks - sendsBefore.clicks }
      : undefined;

  const report: BenchReport = {
    results,
    postgresFloors,
    exports,
    ceiling,
    oneFetch,
    clickSends,
    clickIngest,
    clickSoak,
  };
  printReport(report, { links: layout.links, connections: CONNECTIONS, workerdLogFile: `${bundleDir}/workerd.log` });
  if (args.out) writeReportFile(args.out, report);
} finally {
  if (workerd && workerd.exitCode === null) workerd.kill("SIGTERM");
  await runCleanups(cleanups);
  rmSync(bundleDir, { recursive: true, force: true });
}
