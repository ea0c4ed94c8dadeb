// The baselines every ratio divides by, measured with the same runtime and load generator: a
// worker that only answers a fixed 302 (ceiling), and one that makes one fetch per request.
import { zipfSampler } from "../../zipf.ts";
import { codeOf, HOT_SET } from "../link-layout.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

export function baselineScenarios({ ports }: ScenarioContext): Scenario[] {
  const zipfHot = zipfSampler(HOT_SET);
  return [
    { name: "ceiling", port: ports.ceiling, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    { name: "one_fetch", port: ports.oneFetch, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    // Informational floors: one_fetch whose fetch is the Redis tier's (or Postgres tier's) request to its bridge.
    { name: "one_fetch_upstash_bridge", port: ports.oneFetchUpstash, next: () => ({ path: "/x" }) },
    { name: "one_fetch_neon_bridge", port: ports.oneFetchNeon, next: () => ({ path: "/x" }) },
  ];
}
