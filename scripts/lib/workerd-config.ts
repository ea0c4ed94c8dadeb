// Writes a workerd config (capnp) that serves the bundled worker without wrangler's dev proxy:
// one socket per variant of the worker's bindings, plus two baselines under the same runtime: a
// trivial worker (the ceiling) and a bare worker that makes one fetch per request (the floor of any
// tier that needs one subrequest).
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";

export interface WorkerVariant {
  name: string;
  port: number;
  /** Text bindings (the worker's vars and secrets). */
  vars: Record<string, string>;
}

const capnpString = (value: string) => JSON.stringify(value);

export function writeWorkerdConfig(options: {
  bundleDir: string;
  compatibilityDate: string;
  variants: WorkerVariant[];
  ceilingPort: number;
  oneFetch: { port: number; targetUrl: string };
}): string {
  // SQLite-backed Durable Objects (the metrics shards) need storage on disk.
  mkdirSync(`${options.bundleDir}/do-storage`, { recursive: true });
  // Every Text module wrangler wrote beside index.js (sample CSVs, the dashboard's script, styles
  // and uPlot); nothing else in the directory is a module.
  const TEXT_MODULE = /\.(csv|client\.js|client\.css|iife\.min\.js|min\.css)$/;
  const modules = readdirSync(options.bundleDir, { recursive: true })
    .map(String)
    .filter((file) => TEXT_MODULE.test(file));
  const moduleList = [
    `(name = "index.js", esModule = embed "index.js")`,
    ...modules.map((file) => `(name = ${capnpString(file)}, text = embed ${capnpString(file)})`),
  ].join(",\n      ");
  writeFileSync(
    `${options.bundleDir}/ceiling.js`,
    `export default { fetch() { return new Response(null, { status: 302, headers: { Location: "https://example.com/landing" } }); } };\n`,
  );
  writeFileSync(
    `${options.bundleDir}/one-fetch.js`,
    `export default { async fetch() {
  const answer = await fetch(${capnpString(options.oneFetch.targetUrl)});
  await answer.arrayBuffer();
  return new Response(null, { status: 302, headers: { Location: "https://example.com/landing" } });
} };\n`,
  );
  const services = options.variants.map(
    (variant) => `(name = ${capnpString(variant.name)}, worker = (
    modules = [
      ${moduleList}
    ],
    compatibilityDate = ${capnpString(options.compatibilityDate)},
    compatibilityFlags = ["nodejs_compat"],
    globalOutbound = "loopback",
    durableObjectNamespaces = [
      (className = "MetricsShard", uniqueKey = ${capnpString(`linkscope-metrics-${variant.name}`)}, enableSql = true),
      (className = "LogRing", uniqueKey = ${capnpString(`linkscope-logs-${variant.name}`)}, enableSql = true),
      (className = "AlertState", uniqueKey = ${capnpString(`linkscope-alerts-${variant.name}`)}, enableSql = true)
    ],
    durableObjectStorage = (localDisk = "do-storage"),
    bindings = [
      ${[
        ...Object.entries(variant.vars).map(
          ([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`,
        ),
        `(name = "METRICS", durableObjectNamespace = (className = "MetricsShard"))`,
        `(name = "LOGS", durableObjectNamespace = (className = "LogRing"))`,
        `(name = "ALERTS", durableObjectNamespace = (className = "AlertState"))`,
      ].join(",\n      ")}
    ]
  ))`,
  );
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    ${services.join(",\n    ")},
    (name = "ceiling", worker = (
      modules = [(name = "ceiling.js", esModule = embed "ceiling.js")],
      compatibilityDate = ${capnpString(options.compatibilityDate)}
    )),
    (name = "one-fetch", worker = (
      modules = [(name = "one-fetch.js", esModule = embed "one-fetch.js")],
      compatibilityDate = ${capnpString(options.compatibilityDate)},
      globalOutbound = "loopback"
    )),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
    (name = "do-storage", disk = (path = ${capnpString(`${options.bundleDir}/do-storage`)}, writable = true))
  ],
  sockets = [
    ${[
      ...options.variants.map(
        (variant) =>
          `(name = ${capnpString(variant.name)}, address = "127.0.0.1:${variant.port}", http = (), service = ${capnpString(variant.name)})`,
      ),
      `(name = "ceiling", address = "127.0.0.1:${options.ceilingPort}", http = (), service = "ceiling")`,
      `(name = "one-fetch", address = "127.0.0.1:${options.oneFetch.port}", http = (), service = "one-fetch")`,
    ].join(",\n    ")}
  ]
);
`;
  const path = `${options.bundleDir}/workerd.capnp`;
  writeFileSync(path, config);
  return path;
}
