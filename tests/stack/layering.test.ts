// The layering of ADR 9 (and issue 28), as `npm run lint` enforces it: Biome, with the project's own rules, on
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
  "worker/domain/reaches-up.ts": "../services/urls/link-store",
  "db/schema/reaches-worker.ts": "../../worker/config/env",
  "worker/services/urls/reaches-jobs.ts": "../../jobs/run-cron",
  "worker/services/urls/reaches-routes.ts": "../../routes/urls/get-url",
  "worker/services/urls/reaches-redirect.ts": "../../redirect/serve-redirect",
  "worker/services/urls/reaches-middleware.ts": "../../middleware/authenticate",
  "worker/jobs/reaches-db.ts": "../../db/client",
  "worker/jobs/reaches-cache.ts": "../cache/invalidate",
  "worker/cache/reaches-services.ts": "../services/urls/link-store",
  "worker/observability/reaches-jobs.ts": "../jobs/run-cron",
  "worker/config/reaches-routes.ts": "../routes/urls/get-url",
  "worker/redirect/reaches-middleware.ts": "../middleware/authenticate",
  "worker/redirect/reaches-cache.ts": "../cache/link-cache",
  "worker/contracts/reaches-services.ts": "../services/urls/destination-policy",
  // Allowed: a route calling a service, lib using lib, domain using lib, db using lib and domain,
  // a service using domain and the caches, a job calling a service.
  "worker/routes/users/calls-service.ts": "../../services/users/user-use-cases",
  "worker/lib/uses-lib.ts": "./errors",
  "worker/domain/uses-lib.ts": "../lib/time",
  "db/schema/uses-lib.ts": "../../worker/lib/limits",
  "db/schema/uses-domain.ts": "../../worker/domain/link-rules",
  "worker/services/urls/uses-domain.ts": "../../domain/link-record",
  "worker/services/urls/uses-cache.ts": "../../cache/invalidate",
  "worker/jobs/calls-service.ts": "../services/service-context",
  "worker/redirect/calls-service.ts": "../services/redirects/resolve-redirect",
  "worker/contracts/uses-domain.ts": "../domain/link-rules",
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
  it("refuse every import from a lower layer back up, and a job or a route reaching the database or caches", () => {
    expect(restrictedImports()).toEqual([
      "db/schema/reaches-worker.ts",
      "worker/cache/reaches-services.ts",
      "worker/config/reaches-routes.ts",
      "worker/contracts/reaches-services.ts",
      "worker/domain/reaches-up.ts",
      "worker/jobs/reaches-cache.ts",
      "worker/jobs/reaches-db.ts",
      "worker/lib/reaches-up.ts",
      "worker/observability/reaches-jobs.ts",
      "worker/redirect/reaches-cache.ts",
      "worker/redirect/reaches-middleware.ts",
      "worker/routes/users/reaches-cache.ts",
      "worker/routes/users/reaches-db.ts",
      "worker/services/urls/reaches-jobs.ts",
      "worker/services/urls/reaches-middleware.ts",
      "worker/services/urls/reaches-redirect.ts",
      "worker/services/urls/reaches-routes.ts",
    ]);
  });
});
