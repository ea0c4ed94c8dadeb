// The memory of a local server under load: the process listening on a 127.0.0.1 port, found through
// /proc (Linux), and every process of its process group (wrangler dev: wrangler, its proxy workerd
// and the worker's workerd). For `npm run loadtest` against a local base URL.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ProcessMemory {
  pid: number;
  command: string;
  rssBytes: number;
}

/** The socket inodes listening on 127.0.0.1:port (or any address) over IPv4 and IPv6. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT, st 0A is LISTEN, the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

const pids = () =>
  readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

function listenerOf(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const pid of pids()) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return pid;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

function statusOf(pid: number): { group: number; rssBytes: number; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command is in parentheses and may hold spaces: the fields after it are fixed.
    const afterCommand = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const group = Number(afterCommand[2]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 3).join(" ");
    return { group, rssBytes: rssKb * 1024, command };
  } catch {
    return undefined;
  }
}

/** Every process in the group of whatever listens on the port; undefined when nothing local does. */
export function serverMemory(port: number): ProcessMemory[] | undefined {
  const listener = listenerOf(port);
  if (listener === undefined) return undefined;
  const group = statusOf(listener)?.group;
  const members: ProcessMemory[] = [];
  for (const pid of pids()) {
    const status = statusOf(pid);
    if (status && (pid === listener || status.group === group)) {
      members.push({ pid, command: status.command.slice(0, 80), rssBytes: status.rssBytes });
    }
  }
  return members;
}

const MEGABYTE = 1024 * 1024;

export interface MemorySample {
  at_s: number;
  rss_mb: number;
  by_pid: Record<number, number>;
}

export interface ProcessSummary {
  pid: number;
  command: string;
  rss_mb: number;
}

/**
 * Samples the memory of whatever serves the port: at once, then every `everyMs` until stopped (and once
 * more then). atStart and stop() give each process; undefined when nothing local listens on the port.
 */
export function sampleServerMemory(port: number, everyMs: number) {
  const startedAt = Date.now();
  const samples: MemorySample[] = [];
  const take = (): ProcessSummary[] | undefined => {
    const processes = serverMemory(port);
    if (!processes) return undefined;
    const rss = processes.reduce((sum, process) => sum + process.rssBytes, 0);
    const summaries = processes.map((process) => ({
      pid: process.pid,
      command: process.command,
      rss_mb: Math.round(process.rssBytes / MEGABYTE),
    }));
    samples.push({
      at_s: Math.round((Date.now() - startedAt) / 1000),
      rss_mb: Math.round(rss / MEGABYTE),
      by_pid: Object.fromEntries(summaries.map((process) => [process.pid, process.rss_mb])),
    });
    return summaries;
  };
  const atStart = take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    atStart,
    stop(): ProcessSummary[] | undefined {
      clearInterval(timer);
      return take();
    },
  };
}
