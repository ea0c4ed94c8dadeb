// The bench's stand-in for Cloudflare Queues, an ES module worker under the bench's workerd. A queue
// binding (`queue = "<this service>"` in the capnp config) sends each Queue.send() here as
// POST /message (the body as sent, its content type in X-Msg-Fmt) and each sendBatch() as POST /batch
// (JSON: { messages: [{ contentType, body (base64), delaySecs }] }), as Miniflare's broker reads them.
//
// MODE "discard": counts the messages and the clicks they carry, and keeps nothing (what sending costs
// the redirect). MODE "deliver": also gathers them into batches of BATCH_MESSAGES messages or
// BATCH_WAIT_MS after the first, and hands each batch to the real consumer (the worker's queue
// handler) through the CONSUMER service binding's queue(), at most MAX_CONCURRENT at a time; messages
// the consumer retries come back after their delay, up to MAX_RETRIES times, then are counted as dropped.
//
// Node reads the counters (GET /counters) and may hold deliveries (POST /hold) to build a backlog and
// release it at once (POST /release): the consumer alone, with nothing else to wait for. As in the
// worker's click batcher (ADR 24), no request awaits a promise another request made: each sleeps on its
// own timers and delivers what it took itself, and keeps itself alive with its own waitUntil.

const counters = {
  /** Messages and clicks received from producers. */
  messages: 0,
  clicks: 0,
  /** Messages whose clicks cannot be counted here (v8-serialized, or not JSON). */
  unreadable: 0,
  /** Consumer invocations and the messages they carried (a retried message counts again). */
  batches: 0,
  delivered: 0,
  /** Messages the consumer asked to retry, and those given up on after MAX_RETRIES. */
  retried: 0,
  dropped: 0,
  /** Consumer invocations that threw (their messages are retried). */
  failed_batches: 0,
  /** Messages received but not acknowledged yet (waiting, held, in a batch or waiting to be retried). */
  pending: 0,
  /** The most batches in the consumer at once. */
  peak_concurrency: 0,
  /** When the last consumer invocation returned (ms since the epoch): its rows were committed by then. */
  last_delivery_done_at: 0,
};

/** The batch being gathered; messages held while POST /hold is in force. */
let open;
let held;
let inFlight = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const numberOf = (env, name, fallback) => Number(env[name] ?? fallback);

/** The clicks a message carries: { clicks: [...] } carries its array, a single click one. */
function clicksIn(body) {
  if (body === null || typeof body !== "object") return 0;
  return Array.isArray(body.clicks) ? body.clicks.length : 1;
}

/** A message as a producer sent it: its body decoded when it is JSON or text. */
function received(contentType, bytes) {
  const message = { id: crypto.randomUUID(), timestamp: Date.now(), attempts: 1, contentType };
  if (contentType === "json") {
    try {
      message.body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      message.unreadable = true;
      message.body = null;
    }
  } else if (contentType === "text") message.body = new TextDecoder().decode(bytes);
  else if (contentType === "bytes") message.body = bytes;
  else message.serializedBody = bytes;
  return message;
}

function count(message) {
  counters.messages += 1;
  if (message.contentType !== "json" || message.unreadable) counters.unreadable += 1;
  else counters.clicks += clicksIn(message.body);
}

/** What the queue handler's batch is made of (the shape Miniflare's broker hands to queue()). */
const forConsumer = (message) => {
  const common = { id: message.id, timestamp: new Date(message.timestamp), attempts: message.attempts };
  return message.serializedBody === undefined
    ? { ...common, body: message.body }
    : { ...common, serializedBody: message.serializedBody };
};

/** One consumer invocation: what it did not acknowledge comes back after its delay. */
async function deliver(env, batch) {
  batch.flushed = true;
  if (open === batch) open = undefined;
  const limit = numberOf(env, "MAX_CONCURRENT", 2);
  for (let pause = 5; inFlight >= limit; pause = Math.min(100, pause * 2)) await sleep(pause);
  inFlight += 1;
  counters.peak_concurrency = Math.max(counters.peak_concurrency, inFlight);
  counters.batches += 1;
  counters.delivered += batch.messages.length;
  let result;
  try {
    result = await env.CONSUMER.queue(env.QUEUE_NAME, batch.messages.map(forConsumer));
  } catch {
    counters.failed_batches += 1;
  } finally {
    inFlight -= 1;
    counters.last_delivery_done_at = Date.now();
  }
  const retryAll = result?.outcome !== "ok" || result.retryBatch?.retry === true;
  const retryDelays = new Map((result?.retryMessages ?? []).map((retry) => [retry.msgId, retry.delaySeconds]));
  const batchDelay = result?.retryBatch?.delaySeconds ?? 0;
  const retries = [];
  for (const message of batch.messages) {
    if (!retryAll && !retryDelays.has(message.id)) {
      counters.pending -= 1;
      continue;
    }
    if (message.attempts > numberOf(env, "MAX_RETRIES", 10)) {
      counters.dropped += 1;
      counters.pending -= 1;
      continue;
    }
    counters.retried += 1;
    message.attempts += 1;
    retries.push(retryLater(env, message, retryDelays.get(message.id) ?? batchDelay));
  }
  await Promise.all(retries);
}

async function retryLater(env, message, delaySeconds) {
  await sleep(delaySeconds * 1000);
  await enqueue(env, message);
}

/** The first message's request waits out the batch's time and delivers it unless it filled first. */
async function deliverWhenDue(env, batch) {
  await sleep(Math.max(0, batch.deadline - Date.now()));
  if (!batch.flushed) await deliver(env, batch);
}

/** Adds a message to the open batch; resolves once whatever this request took on is done. */
function enqueue(env, message) {
  if (held) {
    held.push(message);
    return Promise.resolve();
  }
  const batch = open ?? {
    messages: [],
    deadline: Date.now() + numberOf(env, "BATCH_WAIT_MS", 1000),
    flushed: false,
  };
  open = batch;
  batch.messages.push(message);
  if (batch.messages.length >= numberOf(env, "BATCH_MESSAGES", 100)) return deliver(env, batch);
  return batch.messages.length === 1 ? deliverWhenDue(env, batch) : Promise.resolve();
}

function accept(env, ctx, message) {
  count(message);
  if (env.MODE !== "deliver") return;
  counters.pending += 1;
  ctx.waitUntil(enqueue(env, message));
}

/** Delivers a held backlog in full batches, each in this request's own context. */
async function release(env, messages) {
  const size = numberOf(env, "BATCH_MESSAGES", 100);
  const batches = [];
  for (let start = 0; start < messages.length; start += size) {
    batches.push(deliver(env, { messages: messages.slice(start, start + size), flushed: false }));
  }
  await Promise.all(batches);
}

// What workerd's queue producer reads back from a send.
const sendAnswer = () =>
  Response.json({
    metadata: { metrics: { backlogCount: counters.pending, backlogBytes: 0, oldestMessageTimestamp: 0 } },
  });

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (request.method === "GET" && pathname === "/counters") return Response.json(counters);
    if (request.method !== "POST") return new Response("not found", { status: 404 });
    if (pathname === "/message") {
      const contentType = request.headers.get("X-Msg-Fmt") ?? "v8";
      accept(env, ctx, received(contentType, new Uint8Array(await request.arrayBuffer())));
      return sendAnswer();
    }
    if (pathname === "/batch") {
      const { messages } = await request.json();
      for (const sent of messages) {
        const bytes = Uint8Array.from(atob(sent.body), (character) => character.charCodeAt(0));
        accept(env, ctx, received(sent.contentType ?? "v8", bytes));
      }
      return sendAnswer();
    }
    if (pathname === "/hold") {
      held = held ?? [];
      return Response.json(counters);
    }
    if (pathname === "/release") {
      const backlog = held ?? [];
      held = undefined;
      ctx.waitUntil(release(env, backlog));
      return Response.json({ released: backlog.length });
    }
    return new Response("not found", { status: 404 });
  },
};
