import type { AppVariables } from "../../app-env";
import { invalidateCaches } from "../../cache/invalidate";
import { type CreateUrlInput, createUrl } from "./create-url";
import { assertDestinationAllowed } from "./destination-policy";

/** Shared by POST /urls and POST /shorten: create the link, then drop what the caches knew. */
export async function createLink(vars: AppVariables, input: CreateUrlInput, requestHost: string) {
  assertDestinationAllowed(vars.config, input.originalUrl, requestHost);
  const row = await createUrl(vars.database(), input);
  // The code may have been cached as unknown (someone tried it before it existed).
  await invalidateCaches(vars.cache, { createdCodes: [row.shortCode], lists: ["urls"] }, vars.requestId);
  return row;
}
