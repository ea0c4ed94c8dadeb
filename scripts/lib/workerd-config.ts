// Writes a workerd config (capnp) that serves the bundled worker without wrangler's dev proxy:
// one socket per variant of the worker's bindings, plus two baselines under the same runtime: a
// trivial worker (the ceiling) and a bare worker that makes one fetch per request (the floor of any
// tier that needs one subrequest). A variant may bind queues to services given as extra capnp (the
// bench's queue brokers).
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";

/** One fetch per request: to a trivial server, or the very request a cache tier makes to its bridge. */
export interface OneFetchFloor {
  name: string;
  port: number;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface WorkerVariant {
  name: string;
  port: number;
  /** Text bindings (the worker's vars and secrets). */
  vars: Record<string, string>;
  /** Queue producer bindings: the binding's name → the service that receives its sends (a broker). */
  queues?: Record<string, string>;
}

/** Services and sockets written as they are (capnp list entries), such as the bench's queue brokers. */
export interface ExtraCapnp {
  services: string[];
  sockets: string[];
}

const capnpString = (value: string) => JSON.stringify(value);

/** The files wrangler bundles as Text modules (wrangler.toml's rules), by name. */
export const TEXT_MODULE = /\.(csv|client\.js|client\.css|iife\.min\.js|min\.css)$|htmx\.min\.js$/;

export function writeWorkerdConfig(options: {
  bundleDir: string;
  compatibilityDate: string;
  variants: WorkerVariant[];
  ceilingPort: number;
  /** Bare workers that make one fetch per request and answer 302: the floors of one-subrequest tiers. */
  oneFetch: OneFetchFloor[];
  extra?: ExtraCapnp;
}): string {
  // SQLite-backed Durable Objects (the metrics shards) need storage on disk.
  mkdirSync(`${options.bundleDir}/do-storage`, { recursive: true });
  // Every Text module wrangler wrote beside index.js (sample CSVs, the pages' scripts and styles, uPlot
  // and htmx: wrangler.toml's Text rule, which a unit test holds this to); nothing else is a module.
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
    `export default { async fetch(_request, env) {
  const init = env.BODY ? { method: "POST", headers: JSON.parse(env.HEADERS), body: env.BODY } : undefined;
  const answer = await fetch(env.URL, init);
  await answer.arrayBuffer();
  return new Response(null, { status: 302, headers: { Location: "https://example.com/landing" } });
} };\n`,
  );
  const floors = options.oneFetch.map(
    (floor) => `(name = ${capnpString(floor.name)}, worker = (
      modules = [(name = "one-fetch.js", esModule = embed "one-fetch.js")],
      compatibilityDate = ${capnpString(options.compatibilityDate)},
      globalOutbound = "loopback",
      bindings = [
        (name = "URL", text = ${capnpString(floor.url)}),
        (name = "HEADERS", text = ${capnpString(JSON.stringify(floor.headers ?? {}))}),
        (name = "BODY", text = ${capnpString(floor.body ?? "")})
      ]
    ))`,
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
      (className = "AlertState", uniqueKey = ${capnpString(`linkscope-alerts-${variant.name}`)}, enableSql = true),
      (className = "LinkQuota", uniqueKey = ${capnpString(`linkscope-quotas-${variant.name}`)}, enableSql = true),
      (className = "PasswordAttempts", uniqueKey = ${capnpString(`linkscope-passwords-${variant.name}`)}, enableSql = true)
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
        `(name = "LINK_QUOTAS", durableObjectNamespace = (className = "LinkQuota"))`,
        `(name = "PASSWORD_ATTEMPTS", durableObjectNamespace = (className = "PasswordAttempts"))`,
        ...Object.entries(variant.queues ?? {}).map(
          ([name, service]) => `(name = ${capnpString(name)}, queue = ${capnpString(service)})`,
        ),
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
    ${[...floors, ...(options.extra?.services ?? [])].join(",\n    ")},
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
      ...options.oneFetch.map(
        (floor) =>
          `(name = ${capnpString(floor.name)}, address = "127.0.0.1:${floor.port}", http = (), service = ${capnpString(floor.name)})`,
      ),
      ...(options.extra?.sockets ?? []),
    ].join(",\n    ")}
  ]
);
`;
  const path = `${options.bundleDir}/workerd.capnp`;
  writeFileSync(path, config);
  return path;
}
