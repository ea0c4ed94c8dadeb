// npm run deploy [-- <wrangler deploy flags>]: the preflight checks, then `wrangler deploy` under the
// project's Node (a machine's Node 20 cannot start wrangler), stamped with the commit it deploys.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
if (commit.status !== 0) {
  console.error("[deploy] not a git checkout: APP_COMMIT (shown by /health) needs the commit being deployed");
  process.exit(1);
}
run([`${ROOT}scripts/preflight.ts`]);
run([
  `${ROOT}node_modules/wrangler/bin/wrangler.js`,
  "deploy",
  "--var",
  `APP_COMMIT:${commit.stdout.trim()}`,
  ...process.argv.slice(2),
]);
