// The Grafana dashboard, built with @grafana/grafana-foundation-sdk from the panel list.
// `npm run generate:dashboards` writes it to dashboards/grafana/dashboards/linkscope.json.
import type { DataSourceRef } from "@grafana/grafana-foundation-sdk/common";
import { DashboardBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanelBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";
import { PANELS, type PanelSpec } from "./panels.ts";

// The datasource provisioned in dashboards/grafana/provisioning/datasources/prometheus.yml.
export const PROMETHEUS_DATASOURCE: DataSourceRef = { type: "prometheus", uid: "linkscope-prometheus" };

function panel(spec: PanelSpec) {
  const builder = spec.kind === "stat" ? new StatPanelBuilder() : new TimeseriesPanelBuilder();
  builder.title(spec.title).description(spec.description).unit(spec.unit).datasource(PROMETHEUS_DATASOURCE);
  builder.height(spec.kind === "stat" ? 5 : 8).span(spec.kind === "stat" ? 6 : 12);
  spec.queries.forEach((query, index) => {
    const target = new DataqueryBuilder()
      .datasource(PROMETHEUS_DATASOURCE)
      .expr(query.expr)
      .refId(String.fromCharCode(65 + index));
    if (query.legend) target.legendFormat(query.legend);
    builder.withTarget(target);
  });
  return builder;
}

export function buildDashboard() {
  const dashboard = new DashboardBuilder("Linkscope")
    .uid("linkscope-overview")
    .tags(["linkscope", "generated"])
    .refresh("30s")
    .time({ from: "now-3h", to: "now" })
    .timezone("browser");
  let row: string | undefined;
  for (const spec of PANELS) {
    if (spec.row !== row) {
      row = spec.row;
      dashboard.withRow(new RowBuilder(row));
    }
    dashboard.withPanel(panel(spec));
  }
  return dashboard.build();
}
