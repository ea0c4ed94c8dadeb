// The cron's domain checks: each minute the domains due are asked of their provider again (pending with
// backoff, unhealthy every 10 minutes, active daily). A domain that was serving and stops verifying is
// unhealthy and its owners are mailed, as they are when it recovers; a domain still pending after two
// weeks is reminded once, and never deleted. Each change of state is audited as the system's.
import type { DomainRow } from "../../../db/schema";
import { invalidateCaches } from "../../cache/invalidate";
import { SYSTEM_ACTOR } from "../../domain/audit-actor";
import { failingSinceAfterCheck, type ProviderAnswer, stateAfterCheck } from "../../domain/domain-check";
import { nextCheckAfter, PENDING_REMINDER_AFTER_MS } from "../../domain/domain-schedule";
import { log } from "../../observability/logger";
import type { ServiceContext } from "../service-context";
import { mailDomainOwners } from "./domain-mail";
import { domainProviderOf } from "./domain-providers";
import { claimDueDomains, claimUnremindedPending, type DomainChanges, updateDomain } from "./domain-store";

/** Domains asked per minute: each is one provider call. */
const CHECKS_PER_RUN = 25;

export async function recheckDueDomains(ctx: ServiceContext, scheduledTime: number): Promise<void> {
  const provider = domainProviderOf(ctx.config);
  if (!provider) return;
  const now = new Date(scheduledTime);
  const db = ctx.database();
  for (const row of await claimDueDomains(db, now, CHECKS_PER_RUN)) {
    // A domain of another provider (the deployment changed providers) waits for an operator.
    if (row.provider !== provider.name) continue;
    try {
      await recheck(ctx, row, await provider.check(row), now);
    } catch (error) {
      log("warn", "domain_recheck_failed", { error: error instanceof Error ? error.message : String(error) });
    }
  }
  const before = new Date(scheduledTime - PENDING_REMINDER_AFTER_MS);
  for (const row of await claimUnremindedPending(db, before, CHECKS_PER_RUN)) {
    await mailDomainOwners(db, ctx.config, row, "still_pending");
  }
}

async function recheck(ctx: ServiceContext, row: DomainRow, answer: ProviderAnswer, now: Date) {
  const state = stateAfterCheck(row.state, answer);
  const changes: DomainChanges = {
    ...answer,
    state,
    checkedAt: now,
    nextCheckAt: new Date(nextCheckAfter(state, row.createdAt.getTime(), now.getTime())),
    failingSince: failingSinceAfterCheck(state, row.failingSince, now),
    ...(state === "active" && row.state !== "active" ? { verifiedAt: now } : {}),
  };
  const event =
    state === row.state
      ? undefined
      : {
          action: `domain.${state}`,
          actor: SYSTEM_ACTOR,
          details: { from: row.state, to: state, problem: answer.problem },
        };
  const updated = await updateDomain(ctx.database(), row, changes, event);
  // Pending to active starts serving the host: a cached "no domain here" must go.
  if (state !== row.state) await invalidateCaches(ctx.cache, { hosts: [row.hostname] }, ctx.requestId);
  if (row.state === "active" && state === "unhealthy") {
    await mailDomainOwners(ctx.database(), ctx.config, updated, "unhealthy");
  } else if (row.state === "unhealthy" && state === "active") {
    await mailDomainOwners(ctx.database(), ctx.config, updated, "recovered");
  }
}
