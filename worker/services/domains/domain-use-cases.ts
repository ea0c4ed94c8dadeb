// Custom domains: a workspace claims a hostname, the provider proves it, and its redirects (root, not
// found, expired) pass the destination rules with the domain's own hostname counted as ours, so no
// domain can redirect to itself. Another workspace's domain is a 404 like a missing one.
import type { DomainRow } from "../../../db/schema";
import { invalidateCaches } from "../../cache/invalidate";
import type { DomainEdit, NewDomain } from "../../contracts/domains";
import { failingSinceAfterCheck, stateAfterCheck } from "../../domain/domain-check";
import { AppError, badRequest, notFound } from "../../lib/errors";
import { outOfReach, workspaceOf } from "../auth/access";
import { actorOf, type ServiceContext } from "../service-context";
import { assertDestinationAllowed, writePolicy } from "../urls/destination-policy";
import { ownersWorkspace } from "../workspaces/workspace-store";
import { unknownCodesByDay } from "./domain-misses";
import { type DomainProviderClient, domainProviderOf } from "./domain-providers";
import { domainLinkStats } from "./domain-stats";
import {
  assertHostnameFree,
  type DomainChanges,
  deleteDomain,
  getDomainOrThrow,
  insertDomain,
  listDomains,
  updateDomain,
} from "./domain-store";
import { forgetDefaultDomain } from "./link-domains";

function providerOrRefuse(ctx: ServiceContext): DomainProviderClient {
  const provider = domainProviderOf(ctx.config);
  if (!provider) {
    throw new AppError("SERVICE_UNAVAILABLE", "custom domains are off: the deployment sets no DOMAIN_PROVIDER");
  }
  return provider;
}

/** Every redirect the domain holds passes the destination rules, its own hostname counted as ours. */
function assertRedirectsAllowed(ctx: ServiceContext, hostname: string, edit: DomainEdit, requestHost: string) {
  for (const field of ["root_redirect", "not_found_redirect", "expired_url"] as const) {
    const url = edit[field];
    if (url !== undefined && url !== null) assertDestinationAllowed(ctx.config, url, requestHost, field, [hostname]);
  }
}

const settingsOf = (edit: DomainEdit): DomainChanges => ({
  rootRedirect: edit.root_redirect,
  notFoundRedirect: edit.not_found_redirect,
  expiredUrl: edit.expired_url,
  isDefault: edit.is_default,
  appleAppSiteAssociation: edit.apple_app_site_association,
  assetlinks: edit.assetlinks,
});

/**
 * After any write to a domain: what redirects know of its host (whether it serves, and its redirects)
 * is stale, and so may be its workspace's default domain for new links.
 */
async function domainChanged(ctx: ServiceContext, row: DomainRow): Promise<void> {
  forgetDefaultDomain(row.workspaceId);
  await invalidateCaches(ctx.cache, { hosts: [row.hostname] }, ctx.requestId);
}

/** POST /domains: the hostname claimed for the caller's workspace, with the records to create. */
export async function createDomain(ctx: ServiceContext, body: NewDomain, requestHost: string): Promise<DomainRow> {
  const provider = providerOrRefuse(ctx);
  const ownHosts = writePolicy(ctx.config, requestHost).ownHosts;
  if (ownHosts.includes(body.hostname)) throw badRequest("hostname is this service's own: claim another name");
  assertRedirectsAllowed(ctx, body.hostname, body, requestHost);
  const db = ctx.database();
  // The operator without X-Workspace-Id claims for the operator's workspace (links without an owner).
  const workspaceId = workspaceOf(ctx) ?? (await ownersWorkspace(db, null));
  // Asked before the provider is: a name another workspace holds must not be registered (nor adopted).
  await assertHostnameFree(db, body.hostname);
  const { answer, ...registration } = await provider.register(body.hostname);
  const state = stateAfterCheck("pending", answer);
  try {
    const row = await insertDomain(
      db,
      {
        hostname: body.hostname,
        ...registration,
        cnameTarget: ctx.config.DOMAIN_CNAME_TARGET || ownHosts[0] || requestHost,
        ...settingsOf(body),
        workspaceId,
        provider: provider.name,
        ...answer,
        state,
        checkedAt: new Date(),
        verifiedAt: state === "active" ? new Date() : null,
      },
      actorOf(ctx),
    );
    await domainChanged(ctx, row);
    return row;
  } catch (error) {
    // Claimed meanwhile by another workspace: the provider's registration is theirs now, kept.
    if (!(error instanceof AppError && error.code === "CONFLICT")) {
      await provider.release({ hostname: body.hostname, ...registration });
    }
    throw error;
  }
}

export function readDomains(ctx: ServiceContext): Promise<DomainRow[]> {
  return listDomains(ctx.database(), workspaceOf(ctx));
}

export async function readDomain(ctx: ServiceContext, id: number): Promise<DomainRow> {
  const row = await getDomainOrThrow(ctx.database(), id);
  if (outOfReach(ctx, row.workspaceId)) throw notFound("domain not found");
  return row;
}

/** PATCH /domains/{id}: its redirects, app files and default flag (the hostname never changes). */
export async function changeDomain(ctx: ServiceContext, id: number, edit: DomainEdit, requestHost: string) {
  const row = await readDomain(ctx, id);
  assertRedirectsAllowed(ctx, row.hostname, edit, requestHost);
  const changed = Object.keys(edit)
    .filter((field) => edit[field as keyof DomainEdit] !== undefined)
    .sort();
  const updated = await updateDomain(ctx.database(), row, settingsOf(edit), {
    action: "domain.updated",
    actor: actorOf(ctx),
    details: { changed },
  });
  await domainChanged(ctx, updated);
  return updated;
}

/** DELETE /domains/{id}: the row and its audit event, then the provider lets the hostname go. */
export async function removeDomain(ctx: ServiceContext, id: number): Promise<void> {
  const row = await readDomain(ctx, id);
  await deleteDomain(ctx.database(), row, actorOf(ctx));
  await domainChanged(ctx, row);
  const provider = domainProviderOf(ctx.config);
  if (provider?.name === row.provider) ctx.defer(() => provider.release(row));
}

/** POST /domains/{id}/verify: asks the provider now; a change of state is in the audit log. */
export async function verifyDomain(ctx: ServiceContext, id: number): Promise<DomainRow> {
  const row = await readDomain(ctx, id);
  const provider = providerOrRefuse(ctx);
  const answer = await provider.check(row);
  const state = stateAfterCheck(row.state, answer);
  const now = new Date();
  const changes: DomainChanges = {
    ...answer,
    state,
    checkedAt: now,
    failingSince: failingSinceAfterCheck(state, row.failingSince, now),
    ...(state === "active" && row.state !== "active" ? { verifiedAt: now } : {}),
  };
  const event =
    state === row.state
      ? undefined
      : { action: `domain.${state}`, actor: actorOf(ctx), details: { from: row.state, to: state } };
  const updated = await updateDomain(ctx.database(), row, changes, event);
  if (state !== row.state) await domainChanged(ctx, updated);
  return updated;
}

/** GET /domains/{id}/stats: its links, their clicks per day, and the unknown codes asked for there. */
export async function readDomainStats(ctx: ServiceContext, id: number, days: number) {
  const row = await readDomain(ctx, id);
  const now = Date.now();
  const [links, misses] = await Promise.all([
    domainLinkStats(ctx.database(), row.id, days, now),
    unknownCodesByDay(ctx.cache.redis, row.id, days, now),
  ]);
  const sum = <T>(items: T[], count: (item: T) => number) => items.reduce((total, item) => total + count(item), 0);
  return {
    domain_id: row.id,
    hostname: row.hostname,
    days,
    from: links.from,
    links: links.links,
    clicks: {
      total: sum(links.series, (day) => day.clicks),
      human: sum(links.series, (day) => day.human),
      by_day: links.series,
    },
    unknown_codes: misses === null ? null : { total: sum(misses, (day) => day.requests), by_day: misses },
  };
}
