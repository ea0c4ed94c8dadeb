// Which domain a request is for, from its host: the service's own hosts are the default domain; any
// other host is a custom domain's when one serves it; a host nobody serves is the default domain while
// SERVICE_HOSTS is empty (npm run dev answers on any Host), else it gets nothing but a 404 page.
import type { Database } from "../../../db/client";
import { createCacheContext } from "../../cache/cache-context";
import { hostFromIsolateTier, startHostLookup } from "../../cache/host-cache";
import type { Config } from "../../config/env";
import type { DomainSite } from "../../domain/domain-site";
import { findDomainSite } from "../domains/domain-sites";

/** No domain serves the host, and the deployment names its own hosts: a 404 page, whatever the path. */
export const UNSERVED = "unserved";

/** A custom domain's site, null for the default domain, or UNSERVED. */
export type Site = DomainSite | null | typeof UNSERVED;

/**
 * The host of a request URL without its port, read from the string (no URL parsing on the hot path).
 * The runtime's URLs carry hosts in lower case already; a trailing dot names the same host.
 */
export function hostOf(url: string): string {
  const start = url.indexOf("//") + 2;
  const slash = url.indexOf("/", start);
  const authority = url.slice(start, slash < 0 ? undefined : slash);
  const end = authority.startsWith("[") ? authority.indexOf("]") + 1 : authority.lastIndexOf(":");
  const host = end <= 0 ? authority : authority.slice(0, end);
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

const isServiceHost = (host: string, config: Config) => config.destinationPolicy.ownHosts.includes(host);

const siteOf = (served: DomainSite | null, config: Config): Site =>
  served ?? (config.destinationPolicy.ownHosts.length === 0 ? null : UNSERVED);

/** The site from this isolate's memory alone, or undefined when a lookup is needed. */
export function siteFromIsolate(host: string, config: Config): Site | undefined {
  if (isServiceHost(host, config)) return null;
  const local = hostFromIsolateTier(host);
  return local === undefined ? undefined : siteOf(local, config);
}

export interface SiteResolution {
  site: Site;
  /** Cache fills to run after the response (in waitUntil). */
  fill?: () => Promise<void>;
}

/** The site of a host: the isolate, then Redis, then Postgres (one indexed read). */
export async function resolveSite(host: string, config: Config, database: () => Database): Promise<SiteResolution> {
  const local = siteFromIsolate(host, config);
  if (local !== undefined) return { site: local };
  const hosts = createCacheContext(config).hosts;
  const startedAt = startHostLookup();
  const shared = await hosts.fromRedis(host);
  if (shared !== undefined) {
    hosts.rememberInIsolate(host, shared, startedAt);
    return { site: siteOf(shared, config) };
  }
  let served: DomainSite | null;
  try {
    served = await findDomainSite(database(), host);
  } catch (error) {
    // Without SERVICE_HOSTS every unserved host is the service's own anyway: an outage of Postgres must
    // not take down what the caches (or the app's degraded answers) can still serve. Nothing is cached.
    if (config.destinationPolicy.ownHosts.length === 0) return { site: null };
    throw error;
  }
  return {
    site: siteOf(served, config),
    fill: async () => {
      hosts.rememberInIsolate(host, served, startedAt);
      await hosts.fillRedis(host, served);
    },
  };
}

/** The domain id links are looked up under: null for the default domain. */
export const domainIdOf = (site: DomainSite | null): number | null => (site === null ? null : site.id);
