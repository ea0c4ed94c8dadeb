// npm run preflight refuses a configuration an operator must not deploy (issue 11: a deploy guide
// that missed bindings and secrets let a deploy fail or run unprotected).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { preflightProblems } from "../../scripts/lib/preflight-checks.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const toml = readFileSync(`${ROOT}wrangler.toml`, "utf8");
const guide = readFileSync(`${ROOT}docs/DEPLOY.md`, "utf8");
const WORKERD = "2026-11-02";

describe("preflight checks", () => {
  it("pass on the shipped wrangler.toml and docs/DEPLOY.md", () => {
    expect(preflightProblems(toml, guide, WORKERD)).toEqual([]);
  });

  it.each([
    ['REQUIRE_API_KEYS = "true"', 'REQUIRE_API_KEYS = "false"', "REQUIRE_API_KEYS must be"],
    ['RATE_LIMITS = "on"', 'RATE_LIMITS = "off"', "RATE_LIMITS must be"],
    ['TRUST_REQUEST_ID = "false"', 'TRUST_REQUEST_ID = "true"', "TRUST_REQUEST_ID must be"],
    [
      'ALLOW_PRIVATE_DESTINATIONS = "false"',
      'ALLOW_PRIVATE_DESTINATIONS = "true"',
      "ALLOW_PRIVATE_DESTINATIONS must be",
    ],
    ['NEON_WS_PROXY = ""', 'NEON_WS_PROXY = "127.0.0.1:1"', "NEON_WS_PROXY must be"],
    ['NEON_FETCH_ENDPOINT = ""', 'NEON_FETCH_ENDPOINT = "http://127.0.0.1:1/sql"', "NEON_FETCH_ENDPOINT must be"],
    ['APP_VERSION = "0.1.0"', 'APP_VERSION = "0.1.0"\nMETRICS_TOKEN = "hunter2"', "METRICS_TOKEN is a secret"],
    ['name = "AUTH_LIMITER"', 'name = "GUESS_LIMITER"', "does not mention GUESS_LIMITER"],
    ['namespace_id = "1003"', 'namespace_id = "1002"', "share a namespace_id"],
    ['compatibility_date = "2026-11-01"', 'compatibility_date = "2027-01-01"', "later than the installed workerd"],
  ])("refuse %s changed to %s", (from, to, problem) => {
    expect(toml).toContain(from);
    const problems = preflightProblems(toml.replace(from, to), guide, WORKERD);
    expect(problems.join("\n")).toContain(problem);
  });

  it("refuse a guide that forgets a secret or the dead-letter queue", () => {
    const forgetful = guide
      .replace("npm run wrangler -- secret put ADMIN_API_KEY", "")
      .replace("npm run wrangler -- queues create linkscope-clicks-dlq", "");
    const problems = preflightProblems(toml, forgetful, WORKERD).join("\n");
    expect(problems).toContain('never says "npm run wrangler -- secret put ADMIN_API_KEY"');
    expect(problems).toContain("never creates the dead-letter queue linkscope-clicks-dlq");
  });

  it("npm run preflight exits 1 on such a configuration", () => {
    const dir = mkdtempSync(`${tmpdir()}/linkscope-preflight-test-`);
    try {
      writeFileSync(`${dir}/wrangler.toml`, toml.replace('REQUIRE_API_KEYS = "true"', 'REQUIRE_API_KEYS = "false"'));
      const run = spawnSync(
        process.execPath,
        [`${ROOT}scripts/preflight.ts`, "--config", `${dir}/wrangler.toml`, "--skip-build"],
        { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("REQUIRE_API_KEYS must be");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
