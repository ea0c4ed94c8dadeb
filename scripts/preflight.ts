// npm run preflight: checks offline that this checkout is a deployable configuration. The bundle
// builds (`wrangler deploy --dry-run`), every binding, queue, var and cron of wrangler.toml is in
// docs/DEPLOY.md, the production switches hold their production values (REQUIRE_API_KEYS=true...),
// no secret sits in [vars], and every secret the worker reads is named in the guide.
// `--config FILE` and `--guide FILE` check other files (the tests use them).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { preflightProblems } from "./lib/preflight-checks.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    config: { type: "string", default: `${ROOT}wrangler.toml` },
    guide: { type: "string", default: `${ROOT}docs/DEPLOY.md` },
    "skip-build": { type: "boolean", default: false },
  },
});

/** The installed workerd's compatibility date, from its version (1.YYYYMMDD.patch). */
function workerdDate(): string {
  const { version } = JSON.parse(readFileSync(`${ROOT}node_modules/workerd/package.json`, "utf8")) as {
    version: string;
  };
  const digits = version.split(".")[1] ?? "";
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

const problems = preflightProblems(
  readFileSync(values.config, "utf8"),
  readFileSync(values.guide, "utf8"),
  workerdDate(),
);

if (!values["skip-build"]) {
  const outdir = mkdtempSync(`${tmpdir()}/linkscope-preflight-`);
  const build = spawnSync(
    process.execPath,
    [
      `${ROOT}node_modules/wrangler/bin/wrangler.js`,
      "deploy",
      "--dry-run",
      "--outdir",
      outdir,
      "--config",
      values.config,
    ],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      timeout: 120_000,
    },
  );
  rmSync(outdir, { recursive: true, force: true });
  if (build.status !== 0)
    problems.push(`the bundle does not build: ${(build.stderr || build.stdout).trim().slice(-2000)}`);
}

if (problems.length > 0) {
  console.error(`[preflight] not deployable:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log(
  "[preflight] deployable: the bundle builds, every binding and secret is in docs/DEPLOY.md, production switches set",
);
