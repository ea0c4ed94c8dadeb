// The workerd config of the bench: the worker variants plus the baselines (the ceiling and the
// one-fetch floors) under the same runtime, so every ratio compares like with like, and the click
// queue's brokers the click variants send to.
import { COMPATIBILITY_DATE } from "../raw-workerd.ts";
import { type WorkerVariant, writeWorkerdConfig } from "../workerd-config.ts";
import type { Bridges } from "./bridges.ts";
import { type ClickBroker, clickBrokerCapnp, copyClickBroker } from "./click-broker-config.ts";
import { codeOf } from "./link-layout.ts";
import type { BenchPorts } from "./worker-variants.ts";

/** Writes the config beside the bundle; returns its path. */
export function writeBenchWorkerdConfig(options: {
  bundleDir: string;
  ports: BenchPorts;
  variants: WorkerVariant[];
  brokers: ClickBroker[];
  bridges: Bridges;
  databaseUrl: string;
  keyPrefix: string;
}): string {
  const { ports, bridges } = options;
  copyClickBroker(options.bundleDir);
  const brokers = options.brokers.map((broker) => clickBrokerCapnp(broker, COMPATIBILITY_DATE));
  return writeWorkerdConfig({
    bundleDir: options.bundleDir,
    compatibilityDate: COMPATIBILITY_DATE,
    ceilingPort: ports.ceiling,
    oneFetch: [
      { name: "one-fetch", port: ports.oneFetch, url: `http://127.0.0.1:${bridges.oneFetchTargetPort}/` },
      // The very request each tier makes to its local bridge, and nothing else: the floor of that
      // tier on this machine, so what the bridge costs and what the worker's code costs can be told apart.
      {
        name: "one-fetch-upstash",
        port: ports.oneFetchUpstash,
        url: bridges.upstash.url,
        headers: { Authorization: `Bearer ${bridges.upstash.token}`, "Upstash-Encoding": "base64" },
        body: JSON.stringify(["get", `${options.keyPrefix}redirect:${codeOf(0)}`]),
      },
      {
        name: "one-fetch-neon",
        port: ports.oneFetchNeon,
        url: `http://127.0.0.1:${bridges.neonBridgePort}/sql`,
        headers: {
          "Neon-Connection-String": options.databaseUrl,
          "Neon-Raw-Text-Output": "true",
          "Neon-Array-Mode": "true",
        },
        body: JSON.stringify({
          query:
            'select "original_url" from "urls" where ("urls"."short_code" = $1 and "urls"."is_active" = $2) limit $3',
          params: [codeOf(0), "true", "1"],
        }),
      },
    ],
    variants: options.variants,
    extra: { services: brokers.map((broker) => broker.service), sockets: brokers.map((broker) => broker.socket) },
  });
}
