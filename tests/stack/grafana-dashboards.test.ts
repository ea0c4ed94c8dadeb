// The Grafana dashboard: generated from TypeScript (committed JSON must match), every panel on
// the provisioned Prometheus datasource, and every query valid PromQL for promtool. That each
// query returns data from a real Prometheus is checked by the end-to-end stack test.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { PROMETHEUS_DATASOURCE } from "../../dashboards/grafana/linkscope-dashboard.ts";
import { PANELS, runnableExpr } from "../../dashboards/grafana/panels.ts";
import { DASHBOARD_FILE, renderGrafanaFiles } from "../../scripts/lib/grafana-files.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface DashboardJson {
  panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
}

describe("Grafana dashboard", () => {
  it("committed JSON matches the generator (npm run generate:dashboards)", () => {
    for (const [path, content] of Object.entries(renderGrafanaFiles())) {
      expect(readFileSync(`${ROOT}${path}`, "utf8"), path).toBe(content);
    }
  });

  it("has every required panel, each on the provisioned Prometheus datasource", () => {
    const dashboard = JSON.parse(readFileSync(`${ROOT}${DASHBOARD_FILE}`, "utf8")) as DashboardJson;
    const panels = dashboard.panels.filter((panel) => panel.type !== "row");
    expect(panels.length).toBe(PANELS.length);
    for (const panel of panels) {
      expect(panel.datasource?.uid, panel.title).toBe(PROMETHEUS_DATASOURCE.uid);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
    const titles = panels.map((panel) => panel.title).join("\n");
    for (const required of [
      "Request rate",
      "Error ratio",
      "Latency of successful requests",
      "Latency of failed requests",
      "Redirects by cache tier",
      "Redis call latency",
      "Postgres queries by result",
      "Redirect availability",
      "error budget remaining",
      "burn rate",
      "Alerts firing",
      "Durable Object metric flushes",
      "Custom domains by state",
      "Certificates of serving custom domains",
    ]) {
      expect(titles).toContain(required);
    }
    // The click pipeline (issue 32): each panel reads the families the producers and the consumer count.
    const queriesOf = (title: string) =>
      (panels.find((panel) => panel.title === title)?.targets ?? []).map((target) => target.expr);
    const lag = queriesOf("Click consumer lag (p50, p95, p99)");
    for (const q of ["0.5", "0.95", "0.99"]) {
      expect(lag).toContainEqual(
        expect.stringContaining(`histogram_quantile(${q}, sum by (le) (rate(linkscope_click_lag_seconds_bucket`),
      );
    }
    const batch = queriesOf("Clicks per queue message (p50, p95)");
    expect(batch).toHaveLength(2);
    for (const expr of batch) expect(expr).toContain("linkscope_click_batch_size_bucket");
    expect(queriesOf("Queue messages per click")).toEqual([
      'sum(rate(linkscope_click_messages_sent_total[$__rate_interval])) / sum(rate(linkscope_click_sends_total{result=~"ok|retried"}[$__rate_interval]))',
    ]);
    expect(queriesOf("Clicks stored per second").join("\n")).toContain("rate(linkscope_clicks_stored_total");
    const partitions = queriesOf("Click partitions created and dropped (24 h)").join("\n");
    expect(partitions).toContain("linkscope_click_partitions_created_total");
    expect(partitions).toContain("linkscope_click_partitions_dropped_total");
    const datasources = parse(
      readFileSync(`${ROOT}dashboards/grafana/provisioning/datasources/prometheus.yml`, "utf8"),
    ) as { datasources: { uid: string; type: string }[] };
    expect(datasources.datasources[0]).toMatchObject(PROMETHEUS_DATASOURCE);
  });

  it("every panel query passes promtool", () => {
    const dir = mkdtempSync(`${tmpdir()}/linkscope-panels-`);
    try {
      const rules = PANELS.flatMap((panel) => panel.queries).map((query, index) => ({
        record: `linkscope_panel_query_${index}`,
        expr: runnableExpr(query.expr),
      }));
      writeFileSync(`${dir}/panels.yml`, stringify({ groups: [{ name: "panels", rules }] }));
      const result = spawnSync("promtool", ["check", "rules", `${dir}/panels.yml`], { encoding: "utf8" });
      expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
