// CI runs `npm run check:generated`: the committed Env types match wrangler.toml, and the committed
// migrations match the drizzle schema. The check must pass as committed and fail on drift.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// Inside the project (under node_modules, ignored by git) so the probe schema resolves drizzle-orm.
mkdirSync(`${ROOT}node_modules/.cache`, { recursive: true });
const dir = mkdtempSync(`${ROOT}node_modules/.cache/linkscope-drift-test-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(environment: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [`${ROOT}scripts/check-generated.ts`], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...environment },
    timeout: 90_000,
  });
}

describe("npm run check:generated", () => {
  it("passes on the committed types and migrations", () => {
    const run = check();
    expect(run.status, run.stderr).toBe(0);
  });

  it("fails when the schema has a table no migration creates", () => {
    const schema = `${dir}/schema.ts`;
    writeFileSync(
      schema,
      `export * from "${ROOT}db/schema/index.ts";\n` +
        `import { pgTable, text } from "drizzle-orm/pg-core";\n` +
        `export const driftProbe = pgTable("drift_probe", { id: text("id").primaryKey() });\n`,
    );
    const run = check({ CHECK_DRIZZLE_SCHEMA: schema });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the drizzle schema and db/migrations disagree");
  });
});
