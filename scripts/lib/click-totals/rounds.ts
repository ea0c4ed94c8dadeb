// Times batches the way the consumer runs them: `atOnce` batches started together (the queue hands the
// consumer up to 2 at once), each timed from its start to its answer, the next round after both. A
// round may first wait for something (`beforeRound`, untimed: workerd's room for more objects).
export interface Rounds {
  /** Each batch's time, ms. */
  latencies: number[];
  /** The rounds' times added up, ms: what the clicks/s figure divides by. */
  busyMs: number;
  /** Time spent in beforeRound, ms (not in busyMs). */
  waitedMs: number;
}

export async function timeRounds<T>(
  batches: T[],
  atOnce: number,
  add: (batch: T, lane: number, round: number) => Promise<void>,
  beforeRound: (group: T[]) => Promise<unknown> = async () => {},
): Promise<Rounds> {
  const rounds: Rounds = { latencies: [], busyMs: 0, waitedMs: 0 };
  for (let first = 0, round = 0; first < batches.length; first += atOnce, round++) {
    const group = batches.slice(first, first + atOnce);
    const waitStart = performance.now();
    await beforeRound(group);
    const started = performance.now();
    rounds.waitedMs += started - waitStart;
    await Promise.all(
      group.map(async (batch, lane) => {
        const at = performance.now();
        await add(batch, lane, round);
        rounds.latencies.push(performance.now() - at);
      }),
    );
    rounds.busyMs += performance.now() - started;
  }
  return rounds;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}
