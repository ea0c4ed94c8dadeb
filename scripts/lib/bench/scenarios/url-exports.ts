// An export of every link (GET /urls/export.csv), once as CSV and once as NDJSON: its time, and
// whether the worker's memory grows with it (it streams a page of 2,000 links at a time).
import { type ExportMeasurement, measureExport } from "../../measure-export.ts";
import { say } from "../log.ts";

export async function measureUrlExports(workerBaseUrl: string, workerdPid: number) {
  const exports: Record<string, ExportMeasurement> = {};
  // Everything, then a tenth (q=bench/1: 11,112 links), then everything again: the first export grows
  // the heap to its working size; were an export held whole, the second would rise far above the tenth.
  const runs = [
    ["export_urls_csv", "format=csv"],
    ["export_urls_csv_tenth", "q=bench/1&format=csv"],
    ["export_urls_csv_again", "format=csv"],
    ["export_urls_ndjson", "format=ndjson"],
  ] as const;
  for (const [name, query] of runs) {
    say(`${name}: streamed`);
    exports[name] = await measureExport(`${workerBaseUrl}/urls/export.csv?${query}`, workerdPid);
  }
  return exports;
}
