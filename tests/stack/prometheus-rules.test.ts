// The shipped Prometheus rules and Alertmanager config: generated from the TypeScript sources
// (committed output must match), valid for promtool and amtool, and passing their unit tests on
// the scenarios the in-worker evaluator is tested on (tests/unit/alert-scenarios.test.ts).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULE_TESTS_FILE, RULES_FILE, renderPrometheusFiles } from "../../scripts/lib/prometheus-files.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("Prometheus rules", () => {
  it("committed files match the generator (npm run generate:dashboards)", () => {
    for (const [path, content] of Object.entries(renderPrometheusFiles())) {
      expect(readFileSync(`${ROOT}${path}`, "utf8"), path).toBe(content);
    }
  });

  it("pass promtool check rules", () => {
    const result = run("promtool", ["check", "rules", RULES_FILE]);
    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  it("pass their promtool unit tests on the shared scenarios", () => {
    const result = run("promtool", ["test", "rules", RULE_TESTS_FILE]);
    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });
});

describe("Alertmanager", () => {
  it("config passes amtool check-config", () => {
    const result = run("amtool", ["check-config", "dashboards/alertmanager/alertmanager.yml"]);
    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });
});
