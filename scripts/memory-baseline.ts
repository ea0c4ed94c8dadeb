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
import { sampleServerMemory } from "./lib/server-memory.ts";
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
try {
  await waitForPort(port, 60_000);
  const memory = sampleServerMemory(port, (durationSeconds * 1000) / 10);
  const result = await runLoad({
    url: `http://127.0.0.1:${port}`,
    durationSeconds,
    connections: Number(values.connections),
    nextRequest: () => ({ path: "/x" }),
  });
  const processesAtEnd = memory.stop() ?? [];
  console.log(
    JSON.stringify({
      trivial_worker_under_wrangler_dev: {
        rps: result.rps,
        errors: result.errors,
        memory_mb: memory.samples,
        processes_at_end: processesAtEnd,
      },
    }),
  );
} finally {
  stopWranglerDev(wrangler);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  rmSync(directory, { recursive: true, force: true });
}
