// One of the cron's jobs that works on Postgres (link anomalies, scheduled checks, the health digest,
// click retention, the webhook sweeps): a job context opened (the database on first use, closed after),
// and a failure logged under the job's own name, never thrown, so the jobs after it still run and the
// next minute tries again. The scheduled handler flushes the metrics once, after every job.
import { readConfig } from "../config/env";
import { errorText } from "../observability/error-text";
import { log } from "../observability/logger";
import { openJobContext, type ServiceContext } from "../services/service-context";

export async function runCronJob(
  env: Env,
  failure: string,
  job: (context: ServiceContext) => Promise<void>,
): Promise<void> {
  let finish: (() => Promise<void>) | undefined;
  try {
    const config = readConfig(env);
    if (!config.DATABASE_URL) return;
    const opened = openJobContext(env, failure, config);
    finish = opened.finish;
    await job(opened.context);
  } catch (error) {
    log("error", failure, { error: errorText(error) });
  } finally {
    await finish?.().catch(() => undefined);
  }
}
