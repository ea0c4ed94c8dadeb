// One whole export, timed and weighed: how long the first byte and the last took, how many rows and
// bytes came, and how far the worker's resident memory rose meanwhile (sampled from /proc), which
// says whether the stream holds one page or the whole export.
import { readFileSync } from "node:fs";

export interface ExportMeasurement {
  rows: number;
  bytes: number;
  first_byte_ms: number;
  seconds: number;
  rss_before_mb: number;
  rss_peak_mb: number;
  /** CPU the worker's process spent meanwhile (user and system): what the Workers CPU limit counts, and more. */
  worker_cpu_seconds: number;
}

/** utime + stime of the process, in seconds (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process's resident memory now, in MB (one decimal). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

export async function measureExport(url: string, workerPid: number): Promise<ExportMeasurement> {
  const before = residentMb(workerPid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentMb(workerPid));
  }, 25);
  const cpuBefore = cpuSeconds(workerPid);
  const started = performance.now();
  try {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
    let firstByte = 0;
    let bytes = 0;
    let newlines = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      if (firstByte === 0) firstByte = performance.now() - started;
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) newlines += 1;
    }
    return {
      // CSV: a header line, and each row ends its line (no field of the bench's links holds a line break).
      rows: url.includes("format=ndjson") ? newlines : newlines - 1,
      bytes,
      first_byte_ms: Math.round(firstByte),
      seconds: Math.round((performance.now() - started) / 10) / 100,
      rss_before_mb: before,
      rss_peak_mb: peak,
      worker_cpu_seconds: Math.round((cpuSeconds(workerPid) - cpuBefore) * 100) / 100,
    };
  } finally {
    clearInterval(sampler);
  }
}
