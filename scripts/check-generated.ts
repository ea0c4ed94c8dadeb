// npm run check:generated: what is generated from a source and committed still matches its source.
// - worker/worker-configuration.d.ts from wrangler.toml (`wrangler types --check`);
// - db/migrations from the drizzle schema: drizzle-kit generates into a copy of the migrations, and
//   any file it writes there is drift (a schema change without its migration, or the reverse).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const migrations = `${ROOT}db/migrations`;
// The schema to compare; the test points it at a schema with one table more to see the check fail.
const schema = process.env.CHECK_DRIZZLE_SCHEMA ?? `${ROOT}db/schema/index.ts`;

function node(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
}

const problems: string[] = [];

const types = node([
  `${ROOT}node_modules/wrangler/bin/wrangler.js`,
  "types",
  "--strict-vars=false",
  "worker/worker-configuration.d.ts",
  "--check",
]);
if (types.status !== 0) {
  problems.push(`worker/worker-configuration.d.ts is not current: run npm run typegen\n${types.stdout}${types.stderr}`);
}

const scratch = mkdtempSync(`${tmpdir()}/linkscope-drift-`);
try {
  const copy = `${scratch}/migrations`;
  cpSync(migrations, copy, { recursive: true });
  const config = `${scratch}/drizzle.config.json`;
  // drizzle-kit reads `out` relative to its working directory (it prefixes "./"), hence the cwd.
  writeFileSync(config, JSON.stringify({ dialect: "postgresql", schema, out: "./migrations" }));
  const generate = node(
    [`${ROOT}node_modules/drizzle-kit/bin.cjs`, "generate", "--config=drizzle.config.json"],
    scratch,
  );
  const before = new Set(readdirSync(migrations, { recursive: true }).map(String));
  const written = readdirSync(copy, { recursive: true })
    .map(String)
    .filter((file) => !before.has(file));
  if (written.length === 0 && !generate.stdout.includes("No schema changes")) {
    // drizzle-kit can exit 0 on a schema it could not load: no verdict is a failure too.
    problems.push(`drizzle-kit generate gave no verdict\n${generate.stdout}${generate.stderr}`);
  } else if (written.length > 0) {
    problems.push(
      `the drizzle schema and db/migrations disagree (drizzle-kit would write ${written.join(", ")}): ` +
        "run npm run db:generate and commit the migration",
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`[check:generated] ${problem}`);
  process.exit(1);
}
console.log("[check:generated] worker-configuration.d.ts and db/migrations match their sources");
