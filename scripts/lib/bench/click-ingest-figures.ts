// The click path's figures from what a run counted (issue 32): clicks stored per second from the
// first request to the last row stored, queue messages per click from the broker's counters, and the
// soak's verdict (every served redirect stored once). Pure, so a test holds the arithmetic and the lines.

/** The goals: a consumer that stores 10,000 clicks a second, from at most one message per 50. */
export const CLICKS_PER_SECOND_GOAL = 10_000;
export const MESSAGES_PER_CLICK_GOAL = 0.02;

/** What one load counted. Times in ms. */
export interface IngestRun {
  /** Redirects answered 3xx: each one a click. */
  served: number;
  /** Rows stored since the load started. */
  stored: number;
  /** Requests that failed or timed out at the client (such a click may still be stored). */
  errors: number;
  /** Messages and clicks the broker received meanwhile. */
  messages: number;
  clicks: number;
  /** First request → last response. */
  loadMs: number;
  /** The window the rate divides by: first request (or a held backlog's release) → last row stored. */
  windowMs: number;
  /** Last response → last row stored (or → giving up). */
  drainMs: number;
  /** False when the wait gave up before every served click was stored. */
  complete: boolean;
}

export interface IngestFigures {
  clicks_per_second: number;
  messages_per_click: number;
  served: number;
  stored: number;
  served_per_second: number;
  drain_seconds: number;
  errors: number;
  complete: boolean;
}

const perSecond = (count: number, ms: number) => (ms > 0 ? Math.round(count / (ms / 1000)) : 0);

export function ingestFigures(run: IngestRun): IngestFigures {
  return {
    clicks_per_second: perSecond(run.stored, run.windowMs),
    messages_per_click: run.clicks > 0 ? Math.round((run.messages / run.clicks) * 10_000) / 10_000 : 0,
    served: run.served,
    stored: run.stored,
    served_per_second: perSecond(run.served, run.loadMs),
    drain_seconds: Math.round(run.drainMs / 100) / 10,
    errors: run.errors,
    complete: run.complete,
  };
}

/** The bench JSON's click_ingest: each load's figures, and the Zipf mix's at the top as the issue names them. */
export interface ClickIngestReport {
  clicks_per_second?: number;
  messages_per_click?: number;
  zipf?: IngestFigures;
  viral?: IngestFigures;
  backlog?: IngestFigures;
  /** How the broker fed the consumer: as wrangler.toml's consumer, with this many batches at once. */
  broker?: BrokerSettings;
}

export interface BrokerSettings {
  batch_messages: number;
  batch_wait_ms: number;
  concurrency: number;
}

export function clickIngestReport(
  phases: Pick<ClickIngestReport, "zipf" | "viral" | "backlog">,
  broker: BrokerSettings,
): ClickIngestReport {
  const report: ClickIngestReport = {};
  if (phases.zipf) {
    report.clicks_per_second = phases.zipf.clicks_per_second;
    report.messages_per_click = phases.zipf.messages_per_click;
  }
  return { ...report, ...phases, broker };
}

const thousands = (value: number) => value.toLocaleString("en-US");

const DESCRIPTIONS: Record<string, string> = {
  zipf: "a Zipf mix over every link",
  viral: "one viral link",
  backlog: "the consumer alone: a held backlog released at once",
};

function phaseLine(name: string, figures: IngestFigures): string {
  const window = name === "backlog" ? "from the release to the last row" : "from the first request to the last row";
  const stored = figures.complete
    ? `${thousands(figures.clicks_per_second)} clicks/s stored ${window} (goal: ${thousands(CLICKS_PER_SECOND_GOAL)} or more)`
    : `INCOMPLETE: ${thousands(figures.stored)} of ${thousands(figures.served)} clicks stored when the wait gave up, ${figures.drain_seconds} s after the last response`;
  return (
    `click_ingest ${name} (${DESCRIPTIONS[name] ?? name}): ${stored}; ` +
    `${figures.messages_per_click.toFixed(4)} messages per click (goal: ${MESSAGES_PER_CLICK_GOAL} or less); ` +
    `${thousands(figures.served)} served at ${thousands(figures.served_per_second)}/s, ${thousands(figures.stored)} stored, ` +
    `the last ${figures.drain_seconds} s after the last response` +
    (figures.errors > 0 ? `; ${figures.errors} requests failed` : "")
  );
}

export function clickIngestLines(report: ClickIngestReport): string[] {
  const lines = (["zipf", "viral", "backlog"] as const).flatMap((name) => {
    const figures = report[name];
    return figures ? [phaseLine(name, figures)] : [];
  });
  const { broker } = report;
  if (broker) {
    lines.push(
      `(click_ingest: the consumer gets batches of ${broker.batch_messages} messages or ${broker.batch_wait_ms} ms, ${broker.concurrency} at a time, in an isolate of its own)`,
    );
  }
  return lines;
}

/** A soak: the Zipf mix at a steady rate for a while, workerd's memory sampled, every click accounted for. */
export interface SoakResult {
  seconds: number;
  rate: number;
  served: number;
  stored: number;
  errors: number;
  /** Click ids stored more than once (rows beyond the distinct ids). */
  duplicates: number;
  messages_per_click: number;
  drain_seconds: number;
  complete: boolean;
  /** workerd's resident memory (every service: the worker variants, the consumer and the brokers). */
  rss_mb: { at_s: number; rss_mb: number }[];
}

export function soakProblems(soak: SoakResult): string[] {
  const problems: string[] = [];
  if (soak.stored !== soak.served) {
    problems.push(`${thousands(soak.stored)} clicks stored for ${thousands(soak.served)} redirects served`);
  }
  if (soak.duplicates > 0) problems.push(`${thousands(soak.duplicates)} click ids stored more than once`);
  if (!soak.complete) problems.push(`the wait gave up ${soak.drain_seconds} s after the last response`);
  return problems;
}

export function soakLines(soak: SoakResult): string[] {
  const rss = soak.rss_mb.map((sample) => sample.rss_mb);
  const problems = soakProblems(soak);
  return [
    `click_soak: ${soak.seconds} s at ${thousands(soak.rate)} redirects/s (Zipf mix): ${thousands(soak.served)} served, ` +
      `${thousands(soak.stored)} stored (the last ${soak.drain_seconds} s after the last response), ${soak.duplicates} duplicate ids, ` +
      `${soak.messages_per_click.toFixed(4)} messages per click` +
      (soak.errors > 0 ? `, ${soak.errors} requests failed` : ""),
    `click_soak: workerd RSS ${rss[0] ?? "?"} MB at the start, peak ${rss.length ? Math.max(...rss) : "?"} MB, ` +
      `${rss.at(-1) ?? "?"} MB after the drain (every 10 s: ${rss.join(" ")})`,
    problems.length === 0
      ? "click_soak: ok (every served click stored once)"
      : `click_soak: FAILED: ${problems.join("; ")}`,
  ];
}
