// One of the cron's jobs that works on Postgres (link anomalies, scheduled checks, the health digest,
// click retention): the configuration read, the database opened on first use and closed after, and a
// failure logged under the job's own name, never thrown, so the jobs after it still run and the next
// minute tries again. The scheduled handler flushes the metrics once, after every job.
import type { Database } from "../../db/client";
import { type Config, readConfig } from "../env";
import { log } from "../observability/logger";
import { lazyDatabase } from "../services/lazy-database";

export async function runCronJob(
  env: Env,
  failure: string,
  job: (database: () => Database, config: Config) => Promise<void>,
): Promise<void> {
  let closer: (() => Promise<void>) | undefined;
  try {
    const config = readConfig(env);
    if (!config.DATABASE_URL) return;
    const opened = lazyDatabase(config);
    try {
      await job(opened.database, config);
    } finally {
      closer = opened.closer();
    }
  } catch (error) {
    log("error", failure, { error: error instanceof Error ? error.message : String(error) });
  } finally {
    await closer?.().catch(() => undefined);
  }
}
