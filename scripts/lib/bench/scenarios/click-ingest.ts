// click_ingest: clicks end to end (issue 32). The click-ingest variant's CLICKS queue goes to the
// delivering broker (click-broker.js), which hands batches of messages to the real consumer (the
// worker's queue handler, a service of its own), which stores them in the bench's Postgres. Each load
// is a bounded number of requests (about 10 s here), with a time limit; then Postgres is polled until
// its new click rows equal the redirects served, or a minute passes (reported as incomplete, never a
// hang). A load ends on its count, not its time: a load stopped by time leaves requests in flight that
// the worker serves (and clicks) but the load generator never counts. Three loads: a Zipf
// mix over every link, one viral link, and a backlog held at the broker and released at once (the
// consumer alone). --soak runs the Zipf mix at a steady rate for longer, sampling workerd's memory.
import pg from "pg";
import { type LoadResult, runLoad } from "../../load.ts";
import { residentMb } from "../../measure-export.ts";
import { zipfSampler } from "../../zipf.ts";
import { readBrokerCounters, steerBroker } from "../click-broker-config.ts";
import {
  type BrokerSettings,
  type ClickIngestReport,
  clickIngestReport,
  type IngestFigures,
  ingestFigures,
  type SoakResult,
} from "../click-ingest-figures.ts";
import { codeOf, type LinkLayout, unprotected } from "../link-layout.ts";
import { say } from "../log.ts";
import { workerUrl } from "../worker-variants.ts";
import { BROWSER } from "./scenario.ts";

/** Each load's redirects (about 10 s on this machine), and the time it may take at most. */
export const CLICK_INGEST_REQUESTS = 20_000;
const CLICK_INGEST_TIME_LIMIT_SECONDS = 60;
/** How long after the last response (or the backlog's release) the rows may take. */
const DRAIN_TIMEOUT_MS = 60_000;
const POLL_MS = 100;
const RSS_EVERY_MS = 10_000;
/** Visitors the requests come from (CF-Connecting-IP): unique and repeat clicks both happen. */
const VISITORS = 10_000;

export interface ClickIngestContext {
  databaseUrl: string;
  layout: LinkLayout;
  /** The click-ingest variant and its delivering broker. */
  port: number;
  brokerPort: number;
  /** What the delivering broker was configured with, for the report. */
  broker: BrokerSettings;
  connections: number;
}

type NextRequest = () => { path: string; headers: Record<string, string> };

/** A person's click (a browser, so a human click with its visitor hash) from one of VISITORS addresses. */
function clicksOn(pick: () => number): NextRequest {
  return () => {
    const visitor = Math.floor(Math.random() * VISITORS);
    return {
      path: `/${codeOf(pick())}`,
      headers: {
        "User-Agent": BROWSER,
        "CF-Connecting-IP": `10.${visitor >> 16}.${(visitor >> 8) & 255}.${visitor & 255}`,
      },
    };
  };
}

const zipfMix = (layout: LinkLayout) => {
  const zipfAll = zipfSampler(layout.links);
  return clicksOn(() => unprotected(layout, zipfAll()));
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Redirects answered: each one is a click. */
const servedOf = (result: LoadResult) =>
  Object.entries(result.statuses)
    .filter(([status]) => Number(status) >= 300 && Number(status) < 400)
    .reduce((sum, [, count]) => sum + count, 0);

async function clicksSince(client: pg.Client, since: Date): Promise<number> {
  const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM clicks WHERE clicked_at >= $1", [
    since,
  ]);
  return rows[0]?.n ?? 0;
}

/** Polls until `target` new rows are there or the deadline passes; when (ms since the epoch) it saw them. */
async function waitForRows(client: pg.Client, since: Date, base: number, target: number, deadline: number) {
  for (;;) {
    const asked = Date.now();
    const stored = (await clicksSince(client, since)) - base;
    const at = Date.now();
    if (stored >= target) return { stored, at, complete: true };
    if (at > deadline) return { stored, at, complete: false };
    // A count that takes long (a run whose url_stats clicks fill the table) is asked less often: the
    // poll must not take the consumer's CPU.
    await sleep(Math.max(POLL_MS, 2 * (at - asked)));
  }
}

/** The broker has every message a load's isolate was still gathering (its batches wait 50 ms at most). */
async function untilBrokerSettles(brokerPort: number): Promise<void> {
  let last = -1;
  for (;;) {
    const { messages } = await readBrokerCounters(brokerPort);
    if (messages === last) return;
    last = messages;
    await sleep(300);
  }
}

interface Load {
  next: NextRequest;
  requests: number;
  durationSeconds: number;
  overallRate?: number;
  /** Hold the messages at the broker until the load is over, then release them at once. */
  held?: boolean;
}

async function runPhase(context: ClickIngestContext, client: pg.Client, load: Load) {
  // Clicks carry the redirect's time: rows from this load are those at or after its start (a second's
  // margin for the clocks, the rows already there then subtracted).
  const since = new Date(Date.now() - 1_000);
  const base = await clicksSince(client, since);
  const before = await readBrokerCounters(context.brokerPort);
  if (load.held) await steerBroker(context.brokerPort, "hold");
  // Times in ms since the epoch: the broker's clock (workerd's) and this one are the machine's.
  const startedAt = Date.now();
  let lastResponseAt = startedAt;
  const result = await runLoad({
    url: workerUrl(context.port),
    connections: context.connections,
    nextRequest: load.next,
    durationSeconds: load.durationSeconds,
    maxRequests: load.requests,
    overallRate: load.overallRate,
    onResponse: () => {
      lastResponseAt = Date.now();
    },
  });
  let windowStart = startedAt;
  if (load.held) {
    await untilBrokerSettles(context.brokerPort);
    windowStart = Date.now();
    await steerBroker(context.brokerPort, "release");
  }
  let served = servedOf(result);
  if (result.requests < load.requests) {
    // Stopped by time: the requests then in flight were served uncounted; the broker's count stands in.
    await untilBrokerSettles(context.brokerPort);
    const sent = (await readBrokerCounters(context.brokerPort)).clicks - before.clicks;
    say(`  stopped by time after ${result.requests} requests: ${sent} clicks sent for ${served} redirects counted`);
    served = Math.max(served, sent);
  }
  const drained = await waitForRows(
    client,
    since,
    base,
    served,
    Math.max(lastResponseAt, windowStart) + DRAIN_TIMEOUT_MS,
  );
  const after = await readBrokerCounters(context.brokerPort);
  // The poll may see the last rows late (it starts when the load generator reports, up to a second
  // after its last answer): the consumer's last return, which follows its commit, is when they were stored.
  const storedAt = drained.complete
    ? Math.min(drained.at, Math.max(after.last_delivery_done_at, windowStart))
    : drained.at;
  const figures = ingestFigures({
    served,
    stored: drained.stored,
    errors: result.errors,
    messages: after.messages - before.messages,
    clicks: after.clicks - before.clicks,
    loadMs: lastResponseAt - startedAt,
    windowMs: storedAt - windowStart,
    drainMs: Math.max(0, storedAt - lastResponseAt),
    complete: drained.complete,
  });
  if (after.dropped > before.dropped || after.failed_batches > before.failed_batches) {
    say(
      `  the broker dropped ${after.dropped - before.dropped} messages after their retries; ${after.failed_batches - before.failed_batches} consumer calls threw`,
    );
  }
  return { figures, since };
}

async function withClient<T>(databaseUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function measureClickIngest(context: ClickIngestContext): Promise<ClickIngestReport> {
  return withClient(context.databaseUrl, async (client) => {
    const phases: Partial<Record<"zipf" | "viral" | "backlog", IngestFigures>> = {};
    const loads: ["zipf" | "viral" | "backlog", string, Load][] = [
      [
        "zipf",
        `a Zipf mix over ${context.layout.links} links`,
        {
          next: zipfMix(context.layout),
          requests: CLICK_INGEST_REQUESTS,
          durationSeconds: CLICK_INGEST_TIME_LIMIT_SECONDS,
        },
      ],
      [
        "viral",
        "one link",
        { next: clicksOn(() => 0), requests: CLICK_INGEST_REQUESTS, durationSeconds: CLICK_INGEST_TIME_LIMIT_SECONDS },
      ],
      [
        "backlog",
        "the same Zipf mix held at the broker, then released",
        {
          next: zipfMix(context.layout),
          requests: CLICK_INGEST_REQUESTS,
          durationSeconds: CLICK_INGEST_TIME_LIMIT_SECONDS,
          held: true,
        },
      ],
    ];
    for (const [name, description, load] of loads) {
      say(`click_ingest ${name}: ${load.requests} redirects, ${description}; then every click waited for in Postgres`);
      phases[name] = (await runPhase(context, client, load)).figures;
    }
    return clickIngestReport(phases, context.broker);
  });
}

/** The Zipf mix at `rate` redirects/s for `seconds`, workerd's RSS sampled every 10 s, every click accounted for. */
export function measureClickSoak(
  context: ClickIngestContext,
  options: { seconds: number; rate: number; workerdPid: number },
): Promise<SoakResult> {
  return withClient(context.databaseUrl, async (client) => {
    say(`click_soak: ${options.seconds} s at ${options.rate} redirects/s, workerd's memory every 10 s`);
    const startedAt = Date.now();
    const rss: SoakResult["rss_mb"] = [];
    const sample = () =>
      rss.push({ at_s: Math.round((Date.now() - startedAt) / 1000), rss_mb: residentMb(options.workerdPid) });
    sample();
    const sampler = setInterval(sample, RSS_EVERY_MS);
    try {
      const { figures, since } = await runPhase(context, client, {
        next: zipfMix(context.layout),
        requests: options.seconds * options.rate,
        // Room for a rate the worker cannot quite keep: the count ends the load, not the time.
        durationSeconds: options.seconds * 2 + 30,
        overallRate: options.rate,
      });
      const { rows } = await client.query<{ duplicates: number }>(
        "SELECT (count(*) - count(DISTINCT id))::int AS duplicates FROM clicks WHERE clicked_at >= $1",
        [since],
      );
      clearInterval(sampler);
      sample();
      return {
        seconds: options.seconds,
        rate: options.rate,
        served: figures.served,
        stored: figures.stored,
        errors: figures.errors,
        duplicates: rows[0]?.duplicates ?? 0,
        messages_per_click: figures.messages_per_click,
        drain_seconds: figures.drain_seconds,
        complete: figures.complete,
        rss_mb: rss,
      };
    } finally {
      clearInterval(sampler);
    }
  });
}
