// The bench's click queue stand-in (scripts/lib/bench/click-broker.js) under real workerd: a
// producer's Queue.send() and sendBatch() arrive as workerd sends them, the clicks are counted, and the
// delivering broker hands batches to a consumer's queue handler (Fetcher.queue()) with the queue's name,
// redelivering what the consumer retries. And the click_ingest figures the bench prints from its counts.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerCounters,
  clickBrokerCapnp,
  copyClickBroker,
  readBrokerCounters,
  steerBroker,
} from "../../scripts/lib/bench/click-broker-config.ts";
import {
  clickIngestLines,
  clickIngestReport,
  ingestFigures,
  type SoakResult,
  soakLines,
  soakProblems,
} from "../../scripts/lib/bench/click-ingest-figures.ts";
import { findFreePort } from "../../scripts/lib/ports.ts";
import { COMPATIBILITY_DATE, startWorkerd, waitForPort } from "../../scripts/lib/raw-workerd.ts";

// Sends ?n= messages of two clicks each, then a batch of two (one single click the consumer retries
// once), and one message to the discarding broker.
const PRODUCER = `export default { async fetch(request, env) {
  const n = Number(new URL(request.url).searchParams.get("n") ?? 1);
  for (let i = 0; i < n; i++) await env.CLICKS.send({ clicks: [{ id: "a" + i }, { id: "b" + i }] }, { contentType: "json" });
  await env.CLICKS.sendBatch([
    { body: { clicks: [{ id: "x" }] }, contentType: "json" },
    { body: { id: "single", retry: true }, contentType: "json" },
  ]);
  await env.DISCARD.send({ clicks: [{ id: "d1" }, { id: "d2" }, { id: "d3" }] }, { contentType: "json" });
  return new Response("sent");
} };
`;
const CONSUMER = `const seen = [];
export default {
  fetch() { return Response.json(seen); },
  async queue(batch) {
    seen.push({ queue: batch.queue, messages: batch.messages.map((m) => ({ body: m.body, attempts: m.attempts, dated: m.timestamp instanceof Date })) });
    for (const m of batch.messages) {
      if (m.body && m.body.retry && m.attempts === 1) m.retry({ delaySeconds: 0 });
      else m.ack();
    }
  },
};
`;

interface Seen {
  queue: string;
  messages: { body: { id?: string; clicks?: unknown[] }; attempts: number; dated: boolean }[];
}

let directory: string;
let workerd: ChildProcess;
const ports = { producer: 0, consumer: 0, deliver: 0, discard: 0 };

beforeAll(async () => {
  directory = mkdtempSync(`${tmpdir()}/linkscope-click-broker-`);
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await findFreePort();
  copyClickBroker(directory);
  writeFileSync(`${directory}/producer.js`, PRODUCER);
  writeFileSync(`${directory}/consumer.js`, CONSUMER);
  const brokers = [
    clickBrokerCapnp(
      {
        name: "deliver",
        port: ports.deliver,
        mode: "deliver",
        consumer: "consumer",
        queueName: "linkscope-clicks",
        batchWaitMs: 200,
      },
      COMPATIBILITY_DATE,
    ),
    clickBrokerCapnp(
      { name: "discard", port: ports.discard, mode: "discard", queueName: "linkscope-clicks" },
      COMPATIBILITY_DATE,
    ),
  ];
  const worker = (name: string) =>
    `(name = "${name}", worker = (modules = [(name = "${name}.js", esModule = embed "${name}.js")], compatibilityDate = "${COMPATIBILITY_DATE}"`;
  writeFileSync(
    `${directory}/config.capnp`,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${worker("producer")}, bindings = [(name = "CLICKS", queue = "deliver"), (name = "DISCARD", queue = "discard")])),
    ${worker("consumer")})),
    ${brokers.map((broker) => broker.service).join(",\n    ")}
  ],
  sockets = [
    (name = "producer", address = "127.0.0.1:${ports.producer}", http = (), service = "producer"),
    (name = "consumer", address = "127.0.0.1:${ports.consumer}", http = (), service = "consumer"),
    ${brokers.map((broker) => broker.socket).join(",\n    ")}
  ]
);
`,
  );
  workerd = startWorkerd(`${directory}/config.capnp`, directory, `${directory}/workerd.log`, { experimental: true });
  await Promise.all(Object.values(ports).map((port) => waitForPort(port)));
});

afterAll(() => {
  workerd?.kill("SIGTERM");
  rmSync(directory, { recursive: true, force: true });
});

const produce = async (messages: number) => {
  const answer = await fetch(`http://127.0.0.1:${ports.producer}/?n=${messages}`, {
    signal: AbortSignal.timeout(10_000),
  });
  expect(await answer.text()).toBe("sent");
};
const consumed = async () =>
  (await (await fetch(`http://127.0.0.1:${ports.consumer}/`, { signal: AbortSignal.timeout(5_000) })).json()) as Seen[];

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the bench's click broker under workerd", () => {
  it("counts what producers send, delivers it to the consumer's queue handler and redelivers a retry", async () => {
    await produce(3);
    await until(async () => (await readBrokerCounters(ports.deliver)).pending === 0);
    const counters = await readBrokerCounters(ports.deliver);
    expect(counters).toMatchObject({
      messages: 5,
      clicks: 8,
      unreadable: 0,
      retried: 1,
      dropped: 0,
      failed_batches: 0,
    });
    const batches = await consumed();
    expect(new Set(batches.map((batch) => batch.queue))).toEqual(new Set(["linkscope-clicks"]));
    const messages = batches.flatMap((batch) => batch.messages);
    expect(messages.every((message) => message.dated)).toBe(true);
    expect(messages.filter((message) => message.body.id === "single").map((message) => message.attempts)).toEqual([
      1, 2,
    ]);
    expect(messages.flatMap((message) => message.body.clicks ?? [message.body]).length).toBe(9);
    // The discarding broker counts and keeps nothing.
    expect(await readBrokerCounters(ports.discard)).toMatchObject({ messages: 1, clicks: 3, batches: 0, pending: 0 });
  });

  it("holds deliveries until released, then hands the backlog over in batches", async () => {
    const before = (await consumed()).length;
    await steerBroker(ports.deliver, "hold");
    await produce(150);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await consumed()).length).toBe(before);
    const held: BrokerCounters = await readBrokerCounters(ports.deliver);
    expect(held.pending).toBe(152);
    await steerBroker(ports.deliver, "release");
    await until(async () => (await readBrokerCounters(ports.deliver)).pending === 0);
    const released = (await consumed()).slice(before);
    // 152 messages: a batch of 100, one of 52, and the single click's redelivery.
    expect(released.map((batch) => batch.messages.length).sort((a, b) => b - a)).toEqual([100, 52, 1]);
  });
});

describe("the click_ingest figures", () => {
  const run = {
    served: 25_000,
    stored: 25_000,
    errors: 0,
    messages: 400,
    clicks: 25_000,
    loadMs: 10_000,
    windowMs: 12_500,
    drainMs: 2_500,
    complete: true,
  };

  it("divides stored clicks by the first request → last row, and messages by clicks", () => {
    expect(ingestFigures(run)).toEqual({
      clicks_per_second: 2_000,
      messages_per_click: 0.016,
      served: 25_000,
      stored: 25_000,
      served_per_second: 2_500,
      drain_seconds: 2.5,
      errors: 0,
      complete: true,
    });
  });

  it("puts the Zipf mix's figures at the top of click_ingest, and prints each load against the goals", () => {
    const zipf = ingestFigures(run);
    const viral = ingestFigures({ ...run, stored: 20_000, complete: false, drainMs: 60_000 });
    const report = clickIngestReport({ zipf, viral }, { batch_messages: 100, batch_wait_ms: 1_000, concurrency: 2 });
    expect([report.clicks_per_second, report.messages_per_click]).toEqual([2_000, 0.016]);
    const lines = clickIngestLines(report);
    expect(lines[0]).toContain("2,000 clicks/s stored from the first request to the last row (goal: 10,000 or more)");
    expect(lines[0]).toContain("0.0160 messages per click (goal: 0.02 or less)");
    expect(lines[1]).toContain("INCOMPLETE: 20,000 of 25,000 clicks stored when the wait gave up, 60 s after");
    expect(lines[2]).toContain("2 at a time");
  });

  it("passes a soak only when every served click was stored once", () => {
    const soak: SoakResult = {
      seconds: 60,
      rate: 1_000,
      served: 60_000,
      stored: 60_000,
      errors: 0,
      duplicates: 0,
      messages_per_click: 0.01,
      drain_seconds: 1.2,
      complete: true,
      rss_mb: [
        { at_s: 0, rss_mb: 200 },
        { at_s: 10, rss_mb: 230 },
        { at_s: 62, rss_mb: 220 },
      ],
    };
    expect(soakProblems(soak)).toEqual([]);
    expect(soakLines(soak)[1]).toContain("200 MB at the start, peak 230 MB, 220 MB after the drain");
    expect(soakLines(soak)[2]).toContain("ok");
    expect(soakProblems({ ...soak, stored: 59_990, duplicates: 2 })).toEqual([
      "59,990 clicks stored for 60,000 redirects served",
      "2 click ids stored more than once",
    ]);
  });
});
