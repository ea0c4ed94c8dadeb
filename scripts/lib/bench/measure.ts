// One scenario's measurement: a second of warm-up (the worker's isolates and the connections),
// then the timed load; under --profile, the named scenario's worker is sampled while it runs.
import { writeFileSync } from "node:fs";
import { startCpuProfile } from "../cpu-profile.ts";
import { type LoadResult, runLoad } from "../load.ts";
import { say } from "./log.ts";
import type { Scenario } from "./scenarios/scenario.ts";
import { workerUrl } from "./worker-variants.ts";

export function scenarioMeasurer(options: {
  connections: number;
  /** The scenario to profile (--profile), if any. */
  profile: string | undefined;
  inspectorPort: number | undefined;
  variantOf: (port: number) => string;
}) {
  return async (scenario: Scenario, durationSeconds: number): Promise<LoadResult> => {
    const load = {
      url: workerUrl(scenario.port),
      connections: options.connections,
      nextRequest: scenario.next,
      isExpected: scenario.isExpected,
    };
    await runLoad({ ...load, durationSeconds: 1 });
    if (scenario.name !== options.profile || !options.inspectorPort) return runLoad({ ...load, durationSeconds });
    const profiler = await startCpuProfile(options.inspectorPort, options.variantOf(scenario.port));
    const result = await runLoad({ ...load, durationSeconds });
    const { profile, summary } = await profiler.stop();
    writeFileSync(`${scenario.name}.cpuprofile`, JSON.stringify(profile));
    say(`CPU profile of ${scenario.name} (written to ${scenario.name}.cpuprofile):\n${summary.join("\n")}`);
    return result;
  };
}
