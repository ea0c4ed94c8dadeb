// The path of a developer who runs `wrangler dev` themselves (issue 12): `npm run services` starts
// the embedded Postgres, the proxy and the mail sink and writes the variables to a file; a plain
// `wrangler dev` reading that file serves the API; stopping the services removes the file.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../scripts/lib/ports.ts";
import { type DevWorker, startDevWorker } from "../../scripts/lib/stack/dev-worker.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(`${tmpdir()}/linkscope-services-`);
const devVars = `${dir}/dev.vars`;
let services: ChildProcess;
let output = "";
let worker: DevWorker | undefined;

beforeAll(async () => {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    LINKSCOPE_DATA_DIR: `${dir}/data`,
    EMBEDDED_PG_PORT: String(await findFreePort()),
    DEV_CONTROL_PORT: String(await findFreePort()),
    PORT: String(await findFreePort()),
  };
  // A developer's shell would not carry the test run's database or SMTP settings.
  for (const name of ["DATABASE_URL", "SMTP_HOST", "REDIS_URL"]) delete environment[name];
  services = spawn(process.execPath, [`${ROOT}scripts/services.ts`, "--dev-vars", devVars], {
    cwd: ROOT,
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  services.stdout?.on("data", (chunk) => (output += String(chunk)));
  services.stderr?.on("data", (chunk) => (output += String(chunk)));
  await waitFor(
    "npm run services to write its variables",
    async () => {
      if (services.exitCode !== null) throw new Error(`services exited ${services.exitCode}: ${output}`);
      return existsSync(devVars) ? true : undefined;
    },
    90_000,
  );
  worker = await startDevWorker({}, devVars);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  if (services.exitCode === null) services.kill("SIGINT");
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run services, then a plain wrangler dev", () => {
  it("serves /health and the API on the embedded Postgres; stopping the services removes the file", async () => {
    expect(readFileSync(devVars, "utf8")).toMatch(/^DATABASE_URL="postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres"$/m);
    // Cached hits are sampled as wrangler.toml says (1 %), not all logged (issue 27: a long session grew
    // wrangler's proxy without bound); LOG_REDIRECT_HIT_SAMPLE=1 in the environment asks for every hit.
    expect(readFileSync(devVars, "utf8")).not.toContain("LOG_REDIRECT_HIT_SAMPLE");
    // wrangler dev reaches private addresses: outbound checks ask the services' resolver first (issue 27, 5.).
    const resolverUrl = /^DNS_RESOLVER_URL="(http:\/\/127\.0\.0\.1:\d+\/dns-query)"$/m.exec(
      readFileSync(devVars, "utf8"),
    )?.[1];
    expect(resolverUrl).toBeDefined();
    const resolved = await fetch(`${resolverUrl}?name=localhost&type=A`, { signal: AbortSignal.timeout(5_000) });
    expect(((await resolved.json()) as { Answer: { data: string }[] }).Answer.map((record) => record.data)).toContain(
      "127.0.0.1",
    );
    const health = await fetch(`${worker?.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { checks: { database: { status: string } } }).checks.database.status).toBe("ok");
    const created = await fetch(`${worker?.url}/users`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "services-path", email: "services-path@example.test" }),
    });
    expect(created.status).toBe(201);

    services.kill("SIGINT");
    await new Promise((resolve) => (services.exitCode !== null ? resolve(undefined) : services.once("exit", resolve)));
    expect(existsSync(devVars)).toBe(false);
  });
});
