import { invalidateCaches } from "../../cache/invalidate";
import { ownerForWrite } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { type CreateUrlInput, createUrl } from "./create-url";
import { assertDestinationAllowed } from "./destination-policy";
import { assertSettingsAllowed } from "./link-settings";

/**
 * POST /urls and POST /shorten: the owner the caller may set (a user's key: itself), the
 * destination policy, the link and its audit event, then what the caches knew of the code.
 */
export async function createLink(
  vars: ServiceContext,
  input: Omit<CreateUrlInput, "userId"> & { requestedOwner: number | null | undefined },
  requestHost: string,
) {
  assertDestinationAllowed(vars.config, input.originalUrl, requestHost);
  assertSettingsAllowed(vars.config, input.settings ?? {}, requestHost);
  const { requestedOwner, ...link } = input;
  const row = await createUrl(vars.database(), { ...link, userId: ownerForWrite(vars, requestedOwner) ?? null });
  // The code may have been cached as unknown (someone tried it before it existed).
  await invalidateCaches(vars.cache, { createdCodes: [row.shortCode], lists: ["urls"] }, vars.requestId);
  return row;
}
