// scripts/with-node.sh runs every npm script under a Node that can run the project's .ts scripts:
// 22.17 starts wrangler but fails `node scripts/migrate.ts` (ERR_UNKNOWN_FILE_EXTENSION), so the floor
// is 22.18 (23.6 on the 23 line). A stand-in `node` first on PATH plays each version.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(`${tmpdir()}/linkscope-with-node-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `node --version` answers through with-node.sh when the machine's node says `version`. */
function versionRunFor(version: string): string {
  writeFileSync(`${dir}/node`, `#!/bin/sh\necho v${version}\n`);
  chmodSync(`${dir}/node`, 0o755);
  const run = spawnSync("sh", [`${ROOT}scripts/with-node.sh`, "node", "--version"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, LINKSCOPE_NO_AUTO_INSTALL: "1" },
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

describe("with-node.sh", () => {
  it("replaces a machine Node older than 22.18 (and 23 before 23.6) with the project's own", () => {
    for (const old of ["20.20.2", "22.12.0", "22.17.1", "23.5.0"]) expect(versionRunFor(old), old).not.toBe(`v${old}`);
  });

  it("keeps a machine Node that can strip types", () => {
    for (const recent of ["22.18.0", "23.6.0", "24.1.0"]) expect(versionRunFor(recent)).toBe(`v${recent}`);
  });

  it("agrees with package.json's engines", () => {
    const { engines } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { engines: { node: string } };
    expect(engines.node).toBe("^22.18.0 || >=23.6.0");
  });
});
