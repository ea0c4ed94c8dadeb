// The API's write: a link created per request, each with a destination no other run has used.
import type { Scenario, ScenarioContext } from "./scenario.ts";

export function apiWriteScenarios({ ports, runId }: ScenarioContext): Scenario[] {
  let created = 0;
  return [
    {
      name: "create_url",
      port: ports.full,
      next: () => ({
        path: "/urls",
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ original_url: `https://example.com/new/${runId}/${created++}` }),
      }),
    },
  ];
}
