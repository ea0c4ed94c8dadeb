// The optional settings of a link beyond its destination and title (lifecycle, forwarding, UTM),
// as the services take them: undefined leaves a setting as it is, null clears it.
import type { NewUrlRow } from "../../../db/schema";
import type { Config } from "../../config/env";
import { hashPassword } from "../../domain/link-password";
import { ruleDestinations } from "../../domain/link-rules";
import { assertDestinationAllowed } from "./destination-policy";

export type LinkSettings = Pick<
  NewUrlRow,
  | "validSince"
  | "expiresAt"
  | "maxClicks"
  | "expiredUrl"
  | "fallbackUrl"
  | "queryForwarding"
  | "utm"
  | "rules"
  | "passwordHash"
>;

/** Each setting's name in the API (and the audit event) and in the row. */
const SETTING_FIELDS = [
  ["valid_since", "validSince"],
  ["expires_at", "expiresAt"],
  ["max_clicks", "maxClicks"],
  ["expired_url", "expiredUrl"],
  ["fallback_url", "fallbackUrl"],
  ["query_forwarding", "queryForwarding"],
  ["utm", "utm"],
  ["rules", "rules"],
] as const satisfies readonly (readonly [string, keyof LinkSettings])[];

type SettingsBody = { [K in (typeof SETTING_FIELDS)[number] as K[0]]?: LinkSettings[K[1]] | undefined } & {
  /** Plaintext, checked by the route: hashed here, and only the hash goes further. */
  password?: string | null | undefined;
};

/** The request body's fields (snake_case, as parsed by the route schemas) as settings. */
export async function linkSettingsOf(body: SettingsBody): Promise<LinkSettings> {
  const settings: Record<string, unknown> = {};
  for (const [field, column] of SETTING_FIELDS) if (body[field] !== undefined) settings[column] = body[field];
  if (body.password !== undefined)
    settings.passwordHash = body.password === null ? null : await hashPassword(body.password);
  return settings as LinkSettings;
}

/** The settings a row of an import has (null and absent alike: the column's default). */
export function givenSettings(settings: { [K in keyof LinkSettings]?: LinkSettings[K] | undefined }): LinkSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== null && value !== undefined),
  ) as LinkSettings;
}

/**
 * What the audit event records of the settings a write set (its JSON writes times as ISO strings).
 * Of a password only that it was set or removed: never the password, never its hash.
 */
export function settingsDetails(settings: LinkSettings): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [field, column] of SETTING_FIELDS) if (settings[column] !== undefined) details[field] = settings[column];
  if (settings.passwordHash !== undefined) details.password = settings.passwordHash === null ? "removed" : "set";
  return details;
}

/** The deployment's destination rules hold for expired_url and fallback_url too (this service's own host included). */
export function assertSettingsAllowed(config: Config, settings: LinkSettings, requestHost: string): void {
  if (settings.expiredUrl) assertDestinationAllowed(config, settings.expiredUrl, requestHost, "expired_url");
  if (settings.fallbackUrl) assertDestinationAllowed(config, settings.fallbackUrl, requestHost, "fallback_url");
  for (const { at, url } of ruleDestinations(settings.rules ?? []))
    assertDestinationAllowed(config, url, requestHost, at);
}
