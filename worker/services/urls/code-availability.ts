// Whether a code is free for a new link, asked before the link is made (the link builder asks as a
// person types): the domain POST /urls would write it on, the reserved paths and the (domain, code)
// identity index, with POST /urls's words. Nothing is written; the create itself still decides.
import { and, eq, sql } from "drizzle-orm";
import { urls } from "../../../db/schema";
import { conflict } from "../../lib/errors";
import { workspaceOf } from "../auth/access";
import { defaultDomainOf, namedLinkDomain } from "../domains/link-domains";
import type { ServiceContext } from "../service-context";
import { writePolicy } from "./destination-policy";
import { assertCodeNotReserved, codeTakenMessage, type LinkDomain } from "./link-store";

/**
 * The domain a new link is written on (createUrl's choice, and the builder's before it): the one named
 * (null or one of the service's own hosts: the default domain; another workspace's: a 400), else the
 * workspace's default. The operator acting in every workspace writes to the maker's personal one: its
 * default is not asked.
 */
export async function newLinkDomain(
  ctx: ServiceContext,
  named: string | null | undefined,
  requestHost: string,
): Promise<LinkDomain | null> {
  const workspaceId = workspaceOf(ctx);
  if (named !== undefined) {
    return namedLinkDomain(ctx.database(), workspaceId, named, writePolicy(ctx.config, requestHost).ownHosts);
  }
  return workspaceId === undefined ? null : defaultDomainOf(ctx.database(), workspaceId);
}

/**
 * Throws what POST /urls would answer for this chosen code on `domain`: a 400 for a reserved path, a
 * 409 for a code taken there (by any link, deactivated ones too: the identity index holds them all).
 * The code's shape is the request schema's (CreateUrlBody), checked by the caller.
 */
export async function assertCodeFree(ctx: ServiceContext, code: string, domain: LinkDomain | null): Promise<void> {
  assertCodeNotReserved(code);
  const [row] = await ctx
    .database()
    .select({ id: urls.id })
    .from(urls)
    // The identity index's own expression, so the lookup is one index probe.
    .where(and(sql`coalesce(${urls.domainId}, 0) = ${domain?.id ?? 0}`, eq(urls.shortCode, code)))
    .limit(1);
  if (row) throw conflict(codeTakenMessage(domain));
}
