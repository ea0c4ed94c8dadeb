// Each result as a share of the two baselines measured in the same run: a ratio survives a change
// of machine or load that a raw req/s does not.
import type { LoadResult } from "../load.ts";

export type Result = LoadResult & { ratio_to_ceiling: number; ratio_to_one_fetch: number };

/** The middle run by req/s (the upper one of two). */
export const median = (runs: LoadResult[]) =>
  [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)] as LoadResult;

export const rounded = (value: number) => Math.round(value * 1000) / 1000;

export function ratiosTo(ceiling: LoadResult, oneFetch: LoadResult) {
  return (result: LoadResult): Result => ({
    ...result,
    ratio_to_ceiling: rounded(result.rps / ceiling.rps),
    ratio_to_one_fetch: rounded(result.rps / oneFetch.rps),
  });
}
