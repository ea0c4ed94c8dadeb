// The seed project's sample data, bundled into the worker (wrangler's Text rule for *.csv).
// `{"file": "users.csv"}` imports choose among these by name; no filesystem path is ever read.
import eventsCsv from "../../../seed/events.csv";
import urlsCsv from "../../../seed/urls.csv";
import usersCsv from "../../../seed/users.csv";

const SAMPLE_DATASETS: ReadonlyMap<string, string> = new Map([
  ["users.csv", usersCsv],
  ["urls.csv", urlsCsv],
  ["events.csv", eventsCsv],
]);

export function findSampleDataset(name: string): string | undefined {
  return SAMPLE_DATASETS.get(name);
}
