// Which scenarios run (--only) and how: alternated over rounds, or measured once.
import type { Scenario } from "./scenarios/scenario.ts";

/** Every ratio divides by these two, so they run whatever --only says. */
export const BASELINES = new Set(["ceiling", "one_fetch"]);

export function scenarioFilter(only: string[] | undefined): (name: string) => boolean {
  return (name) => !only || BASELINES.has(name) || only.includes(name);
}

// The baselines, the isolate tier and the two stats scenarios are measured in alternating rounds,
// keeping the median of each, so a passing disturbance on this shared machine cannot decide a ratio.
const inRounds = (name: string) => name.startsWith("redirect_isolate") || name.startsWith("url_stats");

export function splitScenarios(scenarios: Scenario[], chosen: (name: string) => boolean) {
  const alternating = scenarios.filter((s) => BASELINES.has(s.name) || (inRounds(s.name) && chosen(s.name)));
  const others = scenarios.filter((s) => !alternating.includes(s) && !inRounds(s.name) && chosen(s.name));
  return { alternating, others };
}
