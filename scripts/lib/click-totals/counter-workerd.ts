// workerd serving counter-probe.js for scripts/measure-click-totals.ts: one service whose COUNTERS
// binding is a SQLite-backed Durable Object namespace (enableSql) stored on disk under `dir`, as the
// worker's own objects are in the bench (scripts/lib/workerd-config.ts), so every add() is written
// to a real SQLite file.
//
// An awake object holds three open files (its .sqlite, -wal and -shm) until workerd evicts it, 10 to
// 20 s after its last call; at this machine's limit of open files (20,000, not raisable here) one
// workerd process holds about 6,600 objects, fewer than two Zipf batches touch. Past it, SQLite
// fails with SQLITE_CANTOPEN and the calls with 500s: the script waits (untimed) for room.
import type { ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMPATIBILITY_DATE, startWorkerd, waitForPort } from "../raw-workerd.ts";

const PROBE_SOURCE = fileURLToPath(new URL("./counter-probe.js", import.meta.url));
const FILES_PER_OBJECT = 3;
/** Open files kept free for workerd's own (sockets, logs, the alarm scheduler's database). */
const SPARE_FILES = 300;

export interface CounterWorkerdOptions {
  /** A fresh directory: the config, the module, the objects' SQLite files and workerd's log. */
  dir: string;
  port: number;
  /** When an object's first add after a flush sets its alarm for. */
  flushMs: number;
}

export function writeCounterConfig(options: CounterWorkerdOptions): string {
  copyFileSync(PROBE_SOURCE, `${options.dir}/counter-probe.js`);
  mkdirSync(`${options.dir}/do-storage`);
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "probe", worker = (
      modules = [(name = "counter-probe.js", esModule = embed "counter-probe.js")],
      compatibilityDate = "${COMPATIBILITY_DATE}",
      durableObjectNamespaces = [
        (className = "ClickTotalsCounter", uniqueKey = "linkscope-click-totals-probe", enableSql = true)
      ],
      durableObjectStorage = (localDisk = "do-storage"),
      bindings = [
        (name = "COUNTERS", durableObjectNamespace = (className = "ClickTotalsCounter")),
        (name = "FLUSH_MS", text = "${options.flushMs}")
      ]
    )),
    (name = "do-storage", disk = (path = ${JSON.stringify(`${options.dir}/do-storage`)}, writable = true))
  ],
  sockets = [(name = "probe", address = "127.0.0.1:${options.port}", http = (), service = "probe")]
);
`;
  const path = `${options.dir}/workerd.capnp`;
  writeFileSync(path, config);
  return path;
}

export interface CounterWorkerd {
  child: ChildProcess;
  /** Open files before any object woke up. */
  baseFiles: number;
  /** Objects that fit in the process's open-file limit. */
  maxObjects: number;
}

const openFiles = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/** Starts workerd on the probe's config and waits for its socket; its stderr goes to dir/workerd.log. */
export async function startCounterWorkerd(options: CounterWorkerdOptions): Promise<CounterWorkerd> {
  const path = writeCounterConfig(options);
  const child = startWorkerd(path, options.dir, `${options.dir}/workerd.log`);
  try {
    await waitForPort(options.port);
    const pid = child.pid as number;
    const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, "utf8"))?.[1] ?? 1024);
    const baseFiles = openFiles(pid);
    return { child, baseFiles, maxObjects: Math.floor((limit - baseFiles - SPARE_FILES) / FILES_PER_OBJECT) };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** Waits until at most `objects` objects are awake (evictions free their files); the ms it waited. */
export async function untilAwakeAtMost(workerd: CounterWorkerd, objects: number, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  const awake = () => (openFiles(workerd.child.pid as number) - workerd.baseFiles) / FILES_PER_OBJECT;
  while (awake() > objects && performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return performance.now() - started;
}

/** Waits until `objects` more awake objects fit. */
export const untilObjectsFit = (workerd: CounterWorkerd, objects: number) =>
  untilAwakeAtMost(workerd, workerd.maxObjects - objects);

/** Stops workerd by its pid and waits for it to exit. */
export async function stopWorkerd(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** workerd's peak resident memory (VmHWM), in MB. */
export function peakResidentMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
