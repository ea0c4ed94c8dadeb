// npm run bench:click-totals [-- --batches N] [--do-batches N] [--only "pg shards,DO counter"] [--out FILE] [--seed N]
//
// Issue 32's two ways to keep a hot link's whole-life totals off one row, measured on the same input
// (ADR 26 chose shards without measuring the other): consumer batches of 10,000 clicks summed per
// link (Zipf s=1.07 over 100,000 links, and a viral batch of 10,000 clicks on one link), each added
//  - to click_totals shards in Postgres, one statement per batch, a random shard of 8 (production;
//    lib/click-totals/shards.ts), and to one row per link (shard 0 always: before ADR 26) to show the
//    lock waits shards avoid when two batches run at once; each table starts with every link's rows
//    (a long-running table), so a batch mostly merges;
//  - to a SQLite-backed Durable Object per link under workerd, one add() call per link, all at once,
//    the batch done when every call has answered (lib/click-totals/counter-probe.js).
// 1 and 2 batches at once (the consumer runs 2). Prints the median and p95 ms per batch, clicks/s
// (clicks ÷ the time the batches took) and calls per batch; the minute's flush of the Durable Object
// design is computed from the Zipf draw (distinct links per minute), not run.
//
// The Durable Object design's Zipf load runs fewer batches (--do-batches, 2): each takes seconds here, and
// workerd can keep fewer objects awake than two Zipf batches touch (counter-workerd.ts), so each round
// first waits, untimed, for the last one's objects to be evicted. Each phase (load × batches at once)
// starts with no objects (objects cannot be made ahead: ~3 ms each here), so a Zipf batch's tail
// links create theirs ("new"); two of the first phase's batches are then sent again once all their
// objects were evicted ("asleep": they exist, as a long-running link's would) and at once after
// ("awake"). Everything runs on this machine: a production Durable Object call crosses the network
// to wherever its object lives, and its objects are spread over many machines.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import {
  BATCH_CLICKS,
  distinctZipfLinks,
  type LinkTotals,
  type Load,
  makeBatches,
} from "./lib/click-totals/batches.ts";
import {
  type CounterWorkerd,
  peakResidentMb,
  startCounterWorkerd,
  stopWorkerd,
  untilAwakeAtMost,
  untilObjectsFit,
} from "./lib/click-totals/counter-workerd.ts";
import { quantile, type Rounds, timeRounds } from "./lib/click-totals/rounds.ts";
import {
  addToShard,
  CLICK_COUNT_SHARDS,
  connect,
  createScratchDatabase,
  createTotalsTable,
} from "./lib/click-totals/shards.ts";
import { findFreePort } from "./lib/ports.ts";
import { seededRandom } from "./lib/seeded-random.ts";

const { values: args } = parseArgs({
  options: {
    batches: { type: "string", default: "20" },
    "do-batches": { type: "string", default: "2" },
    only: { type: "string" },
    out: { type: "string" },
    seed: { type: "string", default: "32" },
  },
});
const BATCHES = Number(args.batches);
const DO_ZIPF_BATCHES = Math.min(BATCHES, Number(args["do-batches"]));
const SEED = Number(args.seed);
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** A billion clicks a month (issue 32's title), per minute: what the flush estimate assumes. */
const CLICKS_PER_MINUTE = Math.round(1e9 / (30 * 24 * 60));
// The design flushes a minute after an object's first pending add. Here the alarm is set (its write is
// part of that add's cost) for an hour later, so that it never fires during the run: thousands of
// objects waking at once would disturb the timings, and the flush is estimated, not run.
const FLUSH_MS = 3_600_000;

type Design = "pg shards" | "pg one row" | "DO counter";
const DESIGNS = (["pg shards", "pg one row", "DO counter"] as Design[]).filter(
  (design) => !args.only || args.only.split(",").includes(design),
);
/** The scratch table of each Postgres design and its shards a link. */
const TABLES = {
  "pg shards": { table: "click_totals_sharded", shards: CLICK_COUNT_SHARDS },
  "pg one row": { table: "click_totals_one_row", shards: 1 },
};
/** Zipf batches sent again to objects that exist (asleep, then awake). */
const WAKE_UP_BATCHES = 2;

interface Input {
  timed: LinkTotals[][];
  /** Run first, untimed (Postgres): the connections and plans are warm when timing starts. */
  warmUp: LinkTotals[][];
}

interface PhaseResult {
  design: Design;
  load: Load;
  atOnce: number;
  batches: number;
  medianMs: number;
  p95Ms: number;
  clicksPerSecond: number;
  /** Statements (Postgres) or Durable Object calls per batch, median. */
  callsPerBatch: number;
  /** pg shards, 2 at once: rounds whose two batches drew the same shard (and so met on its rows). */
  sameShardRounds?: number;
  /** DO counter: whether its objects were created by the batch, existed asleep, or were awake. */
  objects?: "new" | "asleep" | "awake";
  /** DO counter: untimed waits for workerd to evict objects before a round. */
  waitedMs?: number;
  latenciesMs: number[];
}

const say = (message: string) => console.log(`[click-totals] ${message}`);
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

function summarize(design: Design, load: Load, atOnce: number, batches: LinkTotals[][], rounds: Rounds): PhaseResult {
  return {
    design,
    load,
    atOnce,
    batches: batches.length,
    medianMs: quantile(rounds.latencies, 0.5),
    p95Ms: quantile(rounds.latencies, 0.95),
    clicksPerSecond: (batches.length * BATCH_CLICKS) / (rounds.busyMs / 1000),
    callsPerBatch:
      design === "DO counter"
        ? quantile(
            batches.map((batch) => batch.length),
            0.5,
          )
        : 1,
    latenciesMs: rounds.latencies.map((ms) => Math.round(ms * 10) / 10),
  };
}

async function measurePostgres(url: string, design: keyof typeof TABLES, load: Load, atOnce: number, input: Input) {
  const clients = await Promise.all([connect(url), connect(url)]);
  try {
    const random = seededRandom(SEED + atOnce);
    const shardsOfRound: number[][] = [];
    const add = async (batch: LinkTotals[], lane: number, round: number) => {
      const shard = design === "pg shards" ? Math.floor(random() * CLICK_COUNT_SHARDS) : 0;
      shardsOfRound[round] = [...(shardsOfRound[round] ?? []), shard];
      await addToShard(clients[lane] as (typeof clients)[number], TABLES[design].table, batch, shard);
    };
    await timeRounds(input.warmUp.slice(0, atOnce), atOnce, add);
    shardsOfRound.length = 0;
    const result = summarize(design, load, atOnce, input.timed, await timeRounds(input.timed, atOnce, add));
    if (atOnce > 1 && design === "pg shards") {
      result.sameShardRounds = shardsOfRound.filter((shards) => shards.length > 1 && new Set(shards).size === 1).length;
    }
    return result;
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

async function postBatch(port: number, phase: string, batch: LinkTotals[]): Promise<void> {
  const answer = await fetch(`http://127.0.0.1:${port}/batch?phase=${phase}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(batch),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`workerd answered ${answer.status}: ${text.slice(0, 300)}`);
}

async function measureCounters(workerd: CounterWorkerd, port: number, load: Load, atOnce: number, input: Input) {
  const batches = load === "zipf" ? input.timed.slice(0, DO_ZIPF_BATCHES) : input.timed;
  const objectsOf = (group: LinkTotals[][]) => new Set(group.flatMap((batch) => batch.map((t) => t.urlId))).size;
  const rounds = await timeRounds(
    batches,
    atOnce,
    (batch) => postBatch(port, `${load}-${atOnce}`, batch),
    (group) => untilObjectsFit(workerd, objectsOf(group)),
  );
  return {
    ...summarize("DO counter", load, atOnce, batches, rounds),
    objects: load === "zipf" ? ("new" as const) : undefined,
    waitedMs: rounds.waitedMs,
  };
}

/** Zipf batches of the first phase again: once every object is asleep (evicted), then at once. */
async function measureWakeUps(workerd: CounterWorkerd, port: number, input: Input): Promise<PhaseResult[]> {
  const batches = input.timed.slice(0, Math.min(WAKE_UP_BATCHES, DO_ZIPF_BATCHES));
  const asleep: Rounds = { latencies: [], busyMs: 0, waitedMs: 0 };
  const awake: Rounds = { latencies: [], busyMs: 0, waitedMs: 0 };
  const time = async (rounds: Rounds, batch: LinkTotals[]) => {
    const started = performance.now();
    await postBatch(port, "zipf-1", batch);
    rounds.latencies.push(performance.now() - started);
    rounds.busyMs += performance.now() - started;
  };
  for (const batch of batches) {
    // A few objects may stay awake a moment longer (workerd evicts them in passes): 1% of a batch.
    asleep.waitedMs += await untilAwakeAtMost(workerd, Math.ceil(batch.length / 100));
    await time(asleep, batch);
    await time(awake, batch);
  }
  return [
    { ...summarize("DO counter", "zipf", 1, batches, asleep), objects: "asleep", waitedMs: asleep.waitedMs },
    { ...summarize("DO counter", "zipf", 1, batches, awake), objects: "awake" },
  ];
}

function inputs(): Record<Load, Input> {
  const split = (load: Load, seed: number): Input => {
    const batches = makeBatches(load, BATCHES + 2, seed);
    return { timed: batches.slice(0, BATCHES), warmUp: batches.slice(BATCHES) };
  };
  return { zipf: split("zipf", SEED), viral: split("viral", SEED + 1) };
}

/** The minute's flush, computed: a Durable Object flushes its pending row once a minute, so a minute
 * costs a Postgres write per distinct link clicked in it; shards write a row per link per batch, in
 * one statement per batch. */
function flushEstimate(clicksPerMinute: number, meanLinksPerBatch: number) {
  const batchesPerMinute = clicksPerMinute / BATCH_CLICKS;
  return {
    clicksPerMinute,
    batchesPerMinute,
    doFlushWritesPerMinute: distinctZipfLinks(clicksPerMinute, SEED + 2),
    shardStatementsPerMinute: batchesPerMinute,
    shardRowsPerMinute: Math.round(batchesPerMinute * meanLinksPerBatch),
  };
}

const thousands = (value: number) => Math.round(value).toLocaleString("en-US");

function printTable(results: PhaseResult[]) {
  const rows = [
    ["design", "load", "at once", "batches", "median ms", "p95 ms", "clicks/s", "calls/batch"],
    ...results.map((result) => [
      result.objects ? `${result.design} (${result.objects} objects)` : result.design,
      result.load,
      String(result.atOnce),
      String(result.batches),
      result.medianMs.toFixed(1),
      result.p95Ms.toFixed(1),
      thousands(result.clicksPerSecond),
      result.design === "DO counter"
        ? `${thousands(result.callsPerBatch)} DO call${result.callsPerBatch === 1 ? "" : "s"}`
        : "1 statement",
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "));
}

const runId = `${Date.now()}_${randomBytes(3).toString("hex")}`;
const dir = mkdtempSync(`${tmpdir()}/linkscope-click-totals-`);
cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
let workerd: CounterWorkerd | undefined;
try {
  const input = inputs();
  const zipfLinks = input.zipf.timed.map((batch) => batch.length);
  say(
    `${BATCHES} batches of ${BATCH_CLICKS} clicks; a Zipf one touches ${Math.min(...zipfLinks)}–${Math.max(...zipfLinks)} links`,
  );

  say("creating the scratch database (the committed migrations, and a copy of click_totals)");
  const scratch = await createScratchDatabase(ADMIN_URL, `linkscope_click_totals_${runId}`);
  cleanups.push(scratch.drop);
  for (const design of DESIGNS) {
    if (design === "DO counter") continue;
    say(`${TABLES[design].table}: every link's ${TABLES[design].shards} row(s), one click each`);
    await createTotalsTable(scratch.url, TABLES[design].table, TABLES[design].shards);
  }

  const port = await findFreePort();
  const counters = await startCounterWorkerd({ dir, port, flushMs: FLUSH_MS });
  workerd = counters;
  cleanups.push(() => stopWorkerd(counters.child));
  say(`workerd on ${port} keeps at most ${thousands(counters.maxObjects)} objects awake (its open-file limit)`);
  // The isolate and the namespace warm, on objects of their own.
  await postBatch(port, "warm-up", input.viral.warmUp[0] ?? []);

  // Postgres first, while workerd is idle; then the Durable Objects, viral first: workerd evicts a
  // Zipf phase's thousands of objects for many seconds after it, on the thread that serves calls.
  const results: PhaseResult[] = [];
  for (const design of DESIGNS) {
    const loads: Load[] = design === "DO counter" ? ["viral", "zipf"] : ["zipf", "viral"];
    for (const load of loads) {
      for (const atOnce of [1, 2]) {
        const result =
          design === "DO counter"
            ? await measureCounters(counters, port, load, atOnce, input[load])
            : await measurePostgres(scratch.url, design, load, atOnce, input[load]);
        say(`${design}, ${load}, ${atOnce} at once: median ${result.medianMs.toFixed(1)} ms`);
        results.push(result);
        if (design === "DO counter" && load === "zipf" && atOnce === 1) {
          const wakeUps = await measureWakeUps(counters, port, input.zipf);
          for (const wakeUp of wakeUps)
            say(`DO counter, zipf, ${wakeUp.objects} objects: median ${wakeUp.medianMs.toFixed(1)} ms`);
          results.push(...wakeUps);
        }
      }
    }
  }
  // The table compares the designs load by load.
  const order = (result: PhaseResult) => (result.load === "zipf" ? 0 : 2) + result.atOnce;
  results.sort((a, b) => order(a) - order(b));

  const meanLinksPerBatch = zipfLinks.reduce((sum, links) => sum + links, 0) / zipfLinks.length;
  const doZipf = results.find((result) => result.objects === "new" && result.load === "zipf" && result.atOnce === 2);
  const flush = {
    computed: true,
    atABillionAMonth: flushEstimate(CLICKS_PER_MINUTE, meanLinksPerBatch),
    atTheDoDesignsZipfRate: doZipf ? flushEstimate(Math.round(doZipf.clicksPerSecond * 60), meanLinksPerBatch) : null,
  };
  const objects = readdirSync(`${dir}/do-storage`, { recursive: true }).filter((file) =>
    String(file).endsWith(".sqlite"),
  ).length;
  const peakMb = peakResidentMb(counters.child.pid);

  console.log("");
  printTable(results);
  console.log("");
  for (const [label, estimate] of Object.entries(flush)) {
    if (!estimate || typeof estimate !== "object") continue;
    console.log(
      `flush (computed, not run) ${label}: ${thousands(estimate.clicksPerMinute)} Zipf clicks/min = ` +
        `${estimate.batchesPerMinute.toFixed(1)} batches → DO: ${thousands(estimate.doFlushWritesPerMinute)} Postgres ` +
        `writes/min, one per distinct link, each from its own object's alarm; shards: ` +
        `${estimate.shardStatementsPerMinute.toFixed(1)} statements/min writing ${thousands(estimate.shardRowsPerMinute)} rows`,
    );
  }
  for (const result of results) {
    if (result.sameShardRounds !== undefined) {
      console.log(
        `pg shards, ${result.load}, 2 at once: ${result.sameShardRounds} of ${Math.ceil(result.batches / 2)} rounds drew the same shard`,
      );
    }
    if (result.waitedMs !== undefined && result.waitedMs >= 100) {
      console.log(
        `DO counter, ${result.load}, ${result.atOnce} at once, ${result.objects} objects: waited ` +
          `${(result.waitedMs / 1000).toFixed(1)} s (untimed) for evictions`,
      );
    }
  }
  console.log(`workerd: ${thousands(objects)} Durable Objects written, peak RSS ${peakMb ?? "?"} MB`);

  if (args.out) {
    const report = {
      runId,
      batches: BATCHES,
      doZipfBatches: DO_ZIPF_BATCHES,
      clicksPerBatch: BATCH_CLICKS,
      seed: SEED,
      results,
      flush,
      workerd: { objects, peakResidentMb: peakMb, maxAwakeObjects: counters.maxObjects },
    };
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    say(`wrote ${args.out}`);
  }
} catch (error) {
  console.error(error);
  if (workerd) console.error(`workerd's log ends:\n${readFileSync(`${dir}/workerd.log`, "utf8").slice(-2_000)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
