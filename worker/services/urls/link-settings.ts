// The optional settings of a link beyond its destination and title (lifecycle, forwarding, UTM),
// as the services take them: undefined leaves a setting as it is, null clears it.
import type { NewUrlRow } from "../../../db/schema";
import type { Config } from "../../env";
import { type Rule, ruleDestinations } from "../../lib/link-rules";
import { assertDestinationAllowed } from "./destination-policy";

export type LinkSettings = Pick<
  NewUrlRow,
  "validSince" | "expiresAt" | "maxClicks" | "expiredUrl" | "queryForwarding" | "utm" | "rules"
>;

/** The request body's fields (snake_case, as parsed by the route schemas) as settings. */
export function linkSettingsOf(body: {
  valid_since?: Date | null | undefined;
  expires_at?: Date | null | undefined;
  max_clicks?: number | null | undefined;
  expired_url?: string | null | undefined;
  query_forwarding?: "off" | "fill" | "merge" | undefined;
  utm?: Partial<Record<string, string>> | null | undefined;
  rules?: Rule[] | null | undefined;
}): LinkSettings {
  const settings: LinkSettings = {};
  if (body.valid_since !== undefined) settings.validSince = body.valid_since;
  if (body.expires_at !== undefined) settings.expiresAt = body.expires_at;
  if (body.max_clicks !== undefined) settings.maxClicks = body.max_clicks;
  if (body.expired_url !== undefined) settings.expiredUrl = body.expired_url;
  if (body.query_forwarding !== undefined) settings.queryForwarding = body.query_forwarding;
  if (body.utm !== undefined) settings.utm = body.utm;
  if (body.rules !== undefined) settings.rules = body.rules;
  return settings;
}

/** What the audit event records of the settings a write set (times as ISO strings). */
export function settingsDetails(settings: LinkSettings): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (settings.validSince !== undefined) details.valid_since = settings.validSince?.toISOString() ?? null;
  if (settings.expiresAt !== undefined) details.expires_at = settings.expiresAt?.toISOString() ?? null;
  if (settings.maxClicks !== undefined) details.max_clicks = settings.maxClicks;
  if (settings.expiredUrl !== undefined) details.expired_url = settings.expiredUrl;
  if (settings.queryForwarding !== undefined) details.query_forwarding = settings.queryForwarding;
  if (settings.utm !== undefined) details.utm = settings.utm;
  if (settings.rules !== undefined) details.rules = settings.rules;
  return details;
}

/** The deployment's destination rules hold for expired_url too (this service's own host included). */
export function assertSettingsAllowed(config: Config, settings: LinkSettings, requestHost: string): void {
  if (settings.expiredUrl) assertDestinationAllowed(config, settings.expiredUrl, requestHost, "expired_url");
  for (const { at, url } of ruleDestinations(settings.rules ?? []))
    assertDestinationAllowed(config, url, requestHost, at);
}
