// The run's report: a table of every scenario with its ratios, the derived figures (what metrics
// cost, what sending clicks costs, the exports, the stats goal, clicks end to end), the worker's
// failures, and the same numbers as JSON (--out).
import { readFileSync, writeFileSync } from "node:fs";
import type { LoadResult } from "../load.ts";
import type { ExportMeasurement } from "../measure-export.ts";
import type { FloorResult } from "../postgres-floor.ts";
import { COMPATIBILITY_DATE } from "../raw-workerd.ts";
import type { BrokerCounters } from "./click-broker-config.ts";
import { type ClickIngestReport, clickIngestLines, type SoakResult, soakLines } from "./click-ingest-figures.ts";
import { HOT_SET, STATS_LARGE_CLICKS, STATS_SMALL_CLICKS } from "./link-layout.ts";
import { say } from "./log.ts";
import { type Result, rounded } from "./ratios.ts";

export interface BenchReport {
  results: Record<string, Result>;
  postgresFloors: Record<string, FloorResult>;
  exports: Record<string, ExportMeasurement>;
  ceiling: LoadResult;
  oneFetch: LoadResult;
  /** What the discarding broker received during the rounds (redirect_isolate_sampled_logs_clicks). */
  clickSends?: Pick<BrokerCounters, "messages" | "clicks">;
  clickIngest?: ClickIngestReport;
  clickSoak?: SoakResult;
}

/** "<name>: at R of <base>'s rate (goal: G or more)", when both ran. */
function rateGoal(results: Record<string, Result>, name: string, base: string, goal: number): void {
  const measured = results[name];
  const baseline = results[base];
  if (!measured || !baseline) return;
  console.log(`${name}: at ${(measured.rps / baseline.rps).toFixed(3)} of ${base}'s rate (goal: ${goal} or more)`);
}

export function printReport(
  report: BenchReport,
  run: { links: number; connections: number; workerdLogFile: string },
): void {
  const { results, postgresFloors, exports, ceiling, oneFetch } = report;
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
  rateGoal(results, "redirect_isolate_sampled_logs_clicks", "redirect_isolate_sampled_logs", 0.9);
  const sends = report.clickSends;
  if (sends && sends.clicks > 0) {
    console.log(
      `redirect_isolate_sampled_logs_clicks sent ${sends.clicks} clicks in ${sends.messages} queue messages: ${(sends.messages / sends.clicks).toFixed(4)} per click`,
    );
  }
  for (const line of report.clickIngest ? clickIngestLines(report.clickIngest) : []) console.log(line);
  for (const line of report.clickSoak ? soakLines(report.clickSoak) : []) console.log(line);
  for (const [name, e] of Object.entries(exports)) {
    console.log(
      `${name}: ${e.rows} links, ${(e.bytes / 1e6).toFixed(1)} MB in ${e.seconds} s (first byte ${e.first_byte_ms} ms), workerd CPU ${e.worker_cpu_seconds} s; RSS ${e.rss_before_mb} → peak ${e.rss_peak_mb} MB`,
    );
  }
  const statsLarge = results.url_stats_10m_clicks;
  const statsSmall = results.url_stats_10_clicks;
  if (statsLarge && statsSmall) {
    console.log(
      `url_stats: the link with ${STATS_LARGE_CLICKS} clicks answers at ${(statsLarge.rps / statsSmall.rps).toFixed(3)} of the rate of the one with ${STATS_SMALL_CLICKS} (goal: 0.8 or more)`,
    );
  }
  rateGoal(results, "redirect_isolate_custom_domain", "redirect_isolate", 0.95);
  const appPage = results.app_links_page;
  const apiPage = results.api_list_urls_session;
  if (appPage && apiPage) {
    console.log(
      `app_links_page: at ${(appPage.rps / apiPage.rps).toFixed(3)} of the same page from GET /urls (goal: 0.8 or more)`,
    );
  }
  const withKey = results.api_get_url_key;
  const withSession = results.api_get_url_session;
  if (withKey && withSession) {
    console.log(
      `api_get_url: with a session at ${(withSession.rps / withKey.rps).toFixed(3)} of the rate with an API key (goal: 0.9 or more)`,
    );
  }
  console.log(
    `\n(${run.links} links, Zipf s=1.07; isolate scenario over the ${HOT_SET} hottest codes; workerd ${COMPATIBILITY_DATE} on ${run.connections} connections)`,
  );
  const workerLog = readFileSync(run.workerdLogFile, "utf8");
  const redisFailures = workerLog.match(/"redis_call_failed"[^\n]*/g) ?? [];
  console.log(`worker warnings during the run: ${redisFailures.length} failed Redis calls`);
  if (process.env.BENCH_SHOW_FAILURES) for (const line of redisFailures.slice(0, 5)) console.log(line);
}

/** The report as JSON: one object per scenario, floor and export, keyed by name. */
export function writeReportFile(file: string, report: BenchReport): void {
  const json: Record<string, object> = Object.fromEntries(
    Object.entries(report.results).map(([name, r]) => [
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
  for (const [name, floor] of Object.entries(report.postgresFloors)) {
    json[name] = { rps: floor.rps, errors: floor.errors, ratio_to_one_fetch: rounded(floor.rps / report.oneFetch.rps) };
  }
  for (const [name, e] of Object.entries(report.exports)) json[name] = { ...e };
  const sends = report.clickSends;
  if (sends && sends.clicks > 0) {
    json.click_sends = { ...sends, messages_per_click: Math.round((sends.messages / sends.clicks) * 10_000) / 10_000 };
  }
  if (report.clickIngest) json.click_ingest = report.clickIngest;
  if (report.clickSoak) json.click_soak = report.clickSoak;
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  say(`results written to ${file}`);
}
