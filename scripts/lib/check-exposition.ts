// Checks the live /prometheus output with Prometheus' own linter: the bundled worker runs on raw
// workerd against the test database, serves some traffic, and `promtool check metrics` reads the
// exposition (exit 1: parse error, 3: lint problems; both fail the check).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { findFreePort } from "./ports.ts";
import { bundleWorker, COMPATIBILITY_DATE, startWorkerd, waitForPort } from "./raw-workerd.ts";
import { writeWorkerdConfig } from "./workerd-config.ts";

export function promtoolAvailable(): boolean {
  return spawnSync("promtool", ["--version"], { stdio: "ignore" }).status === 0;
}

export async function checkExposition(databaseUrl: string, wsProxy: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(`${tmpdir()}/linkscope-exposition-`);
  const port = await findFreePort();
  await bundleWorker(dir);
  const config = writeWorkerdConfig({
    bundleDir: dir,
    compatibilityDate: COMPATIBILITY_DATE,
    ceilingPort: await findFreePort(),
    variants: [
      { name: "linkscope", port, vars: { APP_VERSION: "check", DATABASE_URL: databaseUrl, NEON_WS_PROXY: wsProxy } },
    ],
  });
  const workerd = startWorkerd(config, dir, `${dir}/workerd.log`);
  try {
    await waitForPort(port);
    const base = `http://127.0.0.1:${port}`;
    const created = await fetch(`${base}/urls`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ original_url: "https://example.com/exposition-check" }),
    });
    const { short_code: code } = (await created.json()) as { short_code: string };
    for (const path of ["/health", `/${code}`, `/${code}`, "/no-such-code", "/users?per_page=1", "/a/b/c"]) {
      await fetch(`${base}${path}`, { redirect: "manual" });
    }
    const logs = await fetch(`${base}/logs?limit=5`);
    if (logs.status !== 200) return { ok: false, output: `/logs answered ${logs.status}: ${await logs.text()}` };
    const exposition = await (await fetch(`${base}/prometheus`)).text();
    const result = spawnSync("promtool", ["check", "metrics"], { input: exposition, encoding: "utf8" });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    workerd.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
