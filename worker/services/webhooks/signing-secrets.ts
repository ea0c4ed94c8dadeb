// The secrets an endpoint's deliveries are signed with now: its current one, and its previous one
// while a rotation's overlap lasts (receivers verify either).
import type { WebhookRow } from "../../../db/schema";
import { AppError } from "../../lib/errors";
import { openSecret } from "./secret-box";

/** The key the secrets are sealed under (LINK_PASSWORD_SECRET; a development default without keys). */
export function sealingKey(config: { unlockSecret: string | null }): string {
  if (config.unlockSecret === null) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "webhooks need LINK_PASSWORD_SECRET: their signing secrets are sealed with it",
    );
  }
  return config.unlockSecret;
}

/** Undefined when the current secret cannot be opened (sealed under another LINK_PASSWORD_SECRET). */
export async function signingSecrets(key: string, endpoint: WebhookRow, now: number): Promise<string[] | undefined> {
  const current = await openSecret(key, endpoint.secret);
  if (current === undefined) return undefined;
  const overlap = endpoint.previousSecret !== null && (endpoint.previousSecretExpiresAt?.getTime() ?? 0) > now;
  const previous = overlap ? await openSecret(key, endpoint.previousSecret as string) : undefined;
  return previous === undefined ? [current] : [current, previous];
}
