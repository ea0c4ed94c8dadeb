// What the run started, undone in reverse order whatever happens (a failed step included), so a
// bench leaves no database, Redis keys or helper processes behind.
export type Cleanups = (() => Promise<unknown>)[];

export async function runCleanups(cleanups: Cleanups): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
