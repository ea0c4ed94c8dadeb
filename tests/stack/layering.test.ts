// The layering of ADR 9, as `npm run lint` enforces it: Biome, with the project's own rules, on
// probe files placed where each rule applies. A forbidden import fails, an allowed one passes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(`${tmpdir()}/linkscope-layers-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROBES: Record<string, string> = {
  "worker/routes/users/reaches-cache.ts": "../../cache/invalidate",
  "worker/routes/users/reaches-db.ts": "../../../db/client",
  "worker/lib/reaches-up.ts": "../observability/logger",
  "db/schema/reaches-worker.ts": "../../worker/env",
  // Allowed: a route calling a service, lib using lib, db using worker/lib.
  "worker/routes/users/calls-service.ts": "../../services/users/user-use-cases",
  "worker/lib/uses-lib.ts": "./errors",
  "db/schema/uses-lib.ts": "../../worker/lib/limits",
};

function restrictedImports(): string[] {
  const config = JSON.parse(readFileSync(`${ROOT}biome.json`, "utf8")) as Record<string, unknown>;
  delete config.vcs;
  delete config.$schema;
  writeFileSync(`${dir}/biome.json`, JSON.stringify({ ...config, files: { includes: ["**"] } }));
  for (const [path, source] of Object.entries(PROBES)) {
    mkdirSync(dirname(`${dir}/${path}`), { recursive: true });
    writeFileSync(`${dir}/${path}`, `import { x } from "${source}";\n\nexport const y = x;\n`);
  }
  const run = spawnSync(`${ROOT}node_modules/.bin/biome`, ["lint", "--reporter=json", "."], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
  });
  const report = JSON.parse(run.stdout) as { diagnostics: { category: string; location: { path: string } }[] };
  return report.diagnostics
    .filter((diagnostic) => diagnostic.category === "lint/style/noRestrictedImports")
    .map((diagnostic) => diagnostic.location.path)
    .sort();
}

describe("the layers", () => {
  it("refuse routes reaching caches or the database, lib reaching up, db reaching into the worker", () => {
    expect(restrictedImports()).toEqual([
      "db/schema/reaches-worker.ts",
      "worker/lib/reaches-up.ts",
      "worker/routes/users/reaches-cache.ts",
      "worker/routes/users/reaches-db.ts",
    ]);
  });
});
