// The custom domains' re-checks, each minute (services/domains/domain-rechecks.ts).
import { recheckDueDomains } from "../services/domains/domain-rechecks";
import { runCronJob } from "./cron-job";

export async function recheckDomains(env: Env, scheduledTime: number): Promise<void> {
  await runCronJob(env, "domain_recheck_failed", (context) => recheckDueDomains(context, scheduledTime));
}
