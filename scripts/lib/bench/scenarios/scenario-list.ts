// Every HTTP scenario of the bench, in the order they run and are reported: the families are
// interleaved as they always were, so reports stay comparable line by line with earlier ones.
import { apiReadScenarios } from "./api-reads.ts";
import { apiWriteScenarios } from "./api-writes.ts";
import { baselineScenarios } from "./baselines.ts";
import { isolateRedirectScenarios, tierRedirectScenarios } from "./redirects.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

export function benchScenarios(context: ScenarioContext): Scenario[] {
  return [
    ...baselineScenarios(context),
    ...isolateRedirectScenarios(context),
    ...apiReadScenarios(context),
    ...tierRedirectScenarios(context),
    ...apiWriteScenarios(context),
  ];
}
