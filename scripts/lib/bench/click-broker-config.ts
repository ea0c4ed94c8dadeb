// The click queue's stand-ins in a workerd config (click-broker.js): each broker is a service of its
// own with a socket Node reads its counters from; a worker variant's CLICKS binding names it
// (`queue = "<broker>"`), and a delivering broker calls the consumer's queue handler through a service
// binding, which needs workerd's service_binding_extra_handlers flag (as Miniflare's broker has it).
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BROKER_SOURCE = fileURLToPath(new URL("./click-broker.js", import.meta.url));
export const BROKER_MODULE = "click-broker.js";

export interface ClickBroker {
  /** The service's name: what a variant's queue binding names. */
  name: string;
  port: number;
  /** discard: count and drop; deliver: count, batch and hand to the consumer's queue handler. */
  mode: "discard" | "deliver";
  /** The service whose queue handler consumes (deliver only). */
  consumer?: string;
  /** batch.queue as the consumer sees it. */
  queueName: string;
  /** Defaults: 100 messages, 1,000 ms, 2 batches in the consumer at once, 10 retries. */
  batchMessages?: number;
  batchWaitMs?: number;
  maxConcurrent?: number;
  maxRetries?: number;
}

const capnpString = (value: string) => JSON.stringify(value);

/** Copies the broker's module beside the config (workerd embeds files relative to it). */
export function copyClickBroker(configDir: string): void {
  copyFileSync(BROKER_SOURCE, `${configDir}/${BROKER_MODULE}`);
}

/** The broker's service and socket, as capnp list entries. */
export function clickBrokerCapnp(broker: ClickBroker, compatibilityDate: string): { service: string; socket: string } {
  const text = (name: string, value: string | number | undefined) =>
    value === undefined ? [] : [`(name = ${capnpString(name)}, text = ${capnpString(String(value))})`];
  const bindings = [
    ...text("MODE", broker.mode),
    ...text("QUEUE_NAME", broker.queueName),
    ...text("BATCH_MESSAGES", broker.batchMessages),
    ...text("BATCH_WAIT_MS", broker.batchWaitMs),
    ...text("MAX_CONCURRENT", broker.maxConcurrent),
    ...text("MAX_RETRIES", broker.maxRetries),
    ...(broker.consumer ? [`(name = "CONSUMER", service = ${capnpString(broker.consumer)})`] : []),
  ];
  const service = `(name = ${capnpString(broker.name)}, worker = (
      modules = [(name = ${capnpString(BROKER_MODULE)}, esModule = embed ${capnpString(BROKER_MODULE)})],
      compatibilityDate = ${capnpString(compatibilityDate)},
      compatibilityFlags = ["service_binding_extra_handlers"],
      bindings = [
        ${bindings.join(",\n        ")}
      ]
    ))`;
  const socket = `(name = ${capnpString(broker.name)}, address = "127.0.0.1:${broker.port}", http = (), service = ${capnpString(broker.name)})`;
  return { service, socket };
}

/** What a broker counted (GET /counters). */
export interface BrokerCounters {
  messages: number;
  clicks: number;
  unreadable: number;
  batches: number;
  delivered: number;
  retried: number;
  dropped: number;
  failed_batches: number;
  pending: number;
  peak_concurrency: number;
  last_delivery_done_at: number;
}

export async function readBrokerCounters(port: number): Promise<BrokerCounters> {
  const answer = await fetch(`http://127.0.0.1:${port}/counters`, { signal: AbortSignal.timeout(5_000) });
  if (!answer.ok) throw new Error(`click broker on ${port} answered ${answer.status}`);
  return (await answer.json()) as BrokerCounters;
}

/** POST /hold or /release: deliveries held to build a backlog, then released at once. */
export async function steerBroker(port: number, action: "hold" | "release"): Promise<void> {
  const answer = await fetch(`http://127.0.0.1:${port}/${action}`, {
    method: "POST",
    signal: AbortSignal.timeout(5_000),
  });
  if (!answer.ok) throw new Error(`click broker on ${port} refused ${action}: ${answer.status}`);
  await answer.body?.cancel();
}
