// npm run generate:prometheus: writes the alert rules and their promtool tests from TypeScript.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { renderPrometheusFiles } from "./lib/prometheus-files.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
for (const [path, content] of Object.entries(renderPrometheusFiles())) {
  mkdirSync(dirname(`${ROOT}${path}`), { recursive: true });
  writeFileSync(`${ROOT}${path}`, content);
  console.log(`wrote ${path}`);
}
