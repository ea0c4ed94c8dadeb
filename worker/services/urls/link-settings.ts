// The optional settings of a link beyond its destination and title (lifecycle, forwarding, UTM),
// as the services take them: undefined leaves a setting as it is, null clears it.
import type { NewUrlRow } from "../../../db/schema";
import type { Config } from "../../env";
import { ruleDestinations } from "../../lib/link-rules";
import { assertDestinationAllowed } from "./destination-policy";

export type LinkSettings = Pick<
  NewUrlRow,
  "validSince" | "expiresAt" | "maxClicks" | "expiredUrl" | "queryForwarding" | "utm" | "rules"
>;

/** Each setting's name in the API (and the audit event) and in the row. */
const SETTING_FIELDS = [
  ["valid_since", "validSince"],
  ["expires_at", "expiresAt"],
  ["max_clicks", "maxClicks"],
  ["expired_url", "expiredUrl"],
  ["query_forwarding", "queryForwarding"],
  ["utm", "utm"],
  ["rules", "rules"],
] as const satisfies readonly (readonly [string, keyof LinkSettings])[];

type SettingsBody = { [K in (typeof SETTING_FIELDS)[number] as K[0]]?: LinkSettings[K[1]] | undefined };

/** The request body's fields (snake_case, as parsed by the route schemas) as settings. */
export function linkSettingsOf(body: SettingsBody): LinkSettings {
  const settings: Record<string, unknown> = {};
  for (const [field, column] of SETTING_FIELDS) if (body[field] !== undefined) settings[column] = body[field];
  return settings as LinkSettings;
}

/** What the audit event records of the settings a write set (its JSON writes times as ISO strings). */
export function settingsDetails(settings: LinkSettings): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [field, column] of SETTING_FIELDS) if (settings[column] !== undefined) details[field] = settings[column];
  return details;
}

/** The deployment's destination rules hold for expired_url too (this service's own host included). */
export function assertSettingsAllowed(config: Config, settings: LinkSettings, requestHost: string): void {
  if (settings.expiredUrl) assertDestinationAllowed(config, settings.expiredUrl, requestHost, "expired_url");
  for (const { at, url } of ruleDestinations(settings.rules ?? []))
    assertDestinationAllowed(config, url, requestHost, at);
}
