// Renders the Grafana dashboard JSON from dashboards/grafana/linkscope-dashboard.ts.
import { buildDashboard } from "../../dashboards/grafana/linkscope-dashboard.ts";

export const DASHBOARD_FILE = "dashboards/grafana/dashboards/linkscope.json";

export function renderGrafanaFiles(): Record<string, string> {
  return { [DASHBOARD_FILE]: `${JSON.stringify(buildDashboard(), null, 2)}\n` };
}
