// npm run generate:dashboards: writes, from TypeScript, the Prometheus alert rules and their
// promtool tests (dashboards/prometheus/) and the Grafana dashboard JSON (dashboards/grafana/).
// The stack tests fail when the committed files differ from this output.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { renderGrafanaFiles } from "./lib/grafana-files.ts";
import { renderPrometheusFiles } from "./lib/prometheus-files.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
for (const [path, content] of Object.entries({ ...renderPrometheusFiles(), ...renderGrafanaFiles() })) {
  mkdirSync(dirname(`${ROOT}${path}`), { recursive: true });
  writeFileSync(`${ROOT}${path}`, content);
  console.log(`wrote ${path}`);
}
