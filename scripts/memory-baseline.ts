// npm run memory-baseline [-- --duration 120] [--connections 32]
//
// The part of a soak's memory growth that belongs to `wrangler dev` (Miniflare and its proxy) and
// not to Linkscope: a trivial worker that answers every request with a fixed 302, run under the same
// `wrangler dev` and loaded with the same connections, while the memory of wrangler's process group
// is sampled every tenth of the run. --log makes it print one line per request, as Linkscope does. Compare with `npm run loadtest -- http://127.0.0.1:8787
// --duration N` against `npm run dev` (docs/CAPACITY.md, "Memory under sustained load").
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { runLoad } from "./lib/load.ts";
import { findFreePort } from "./lib/ports.ts";
import { COMPATIBILITY_DATE, waitForPort } from "./lib/raw-workerd.ts";
import { serverMemory } from "./lib/server-memory.ts";
import { startWranglerDev, stopWranglerDev } from "./lib/wrangler-dev.ts";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "120" },
    connections: { type: "string", default: "32" },
    // One console.log line per request, as Linkscope logs every uncached request: what logging costs wrangler dev.
    log: { type: "boolean", default: false },
  },
});
const durationSeconds = Number(values.duration);
const directory = mkdtempSync(`${tmpdir()}/linkscope-trivial-`);
writeFileSync(
  `${directory}/index.js`,
  `export default { fetch() {${values.log ? ` console.log(JSON.stringify({ message: "request", at: Date.now() }));` : ""} return new Response(null, { status: 302, headers: { Location: "https://example.com/" } }); } };\n`,
);
writeFileSync(
  `${directory}/wrangler.toml`,
  `name = "trivial"\nmain = "index.js"\ncompatibility_date = "${COMPATIBILITY_DATE}"\n`,
);
const port = await findFreePort();
const wrangler = await startWranglerDev({
  port,
  vars: {},
  persistTo: `${directory}/state`,
  output: `${directory}/wrangler.log`,
  cwd: directory,
});
const MEGABYTE = 1024 * 1024;
const samples: { at_s: number; rss_mb: number; by_pid: Record<number, number> }[] = [];
try {
  await waitForPort(port, 60_000);
  const startedAt = Date.now();
  const sample = () => {
    const processes = serverMemory(port) ?? [];
    const rss = processes.reduce((sum, process) => sum + process.rssBytes, 0);
    const byPid = Object.fromEntries(
      processes.map((process) => [process.pid, Math.round(process.rssBytes / MEGABYTE)]),
    );
    samples.push({
      at_s: Math.round((Date.now() - startedAt) / 1000),
      rss_mb: Math.round(rss / MEGABYTE),
      by_pid: byPid,
    });
  };
  sample();
  const sampler = setInterval(sample, (durationSeconds * 1000) / 10);
  const result = await runLoad({
    url: `http://127.0.0.1:${port}`,
    durationSeconds,
    connections: Number(values.connections),
    nextRequest: () => ({ path: "/x" }),
  });
  clearInterval(sampler);
  sample();
  const processesAtEnd = (serverMemory(port) ?? []).map((process) => ({
    pid: process.pid,
    command: process.command,
    rss_mb: Math.round(process.rssBytes / MEGABYTE),
  }));
  console.log(
    JSON.stringify({
      trivial_worker_under_wrangler_dev: {
        rps: result.rps,
        errors: result.errors,
        memory_mb: samples,
        processes_at_end: processesAtEnd,
      },
    }),
  );
} finally {
  stopWranglerDev(wrangler);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  rmSync(directory, { recursive: true, force: true });
}
