// POST /urls/{id}/health/check: the owner asks for a check now and gets its result. One check a
// minute per link: more would only knock on the destination's door for nothing.

import type { UrlResponse } from "../../contracts/responses";
import { AppError } from "../../lib/errors";
import { epochMs } from "../../lib/time";
import { getOwnedUrl } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { writePolicy } from "../urls/destination-policy";
import { serializeHealth } from "../urls/serialize";
import { runCheck } from "./run-check";
import { claimManualCheck } from "./store-health";

export const CHECK_COOLDOWN_MS = 60_000;

export async function checkLinkNow(
  ctx: ServiceContext,
  id: number,
  requestHost: string,
): Promise<{ url_id: number; health: UrlResponse["health"] }> {
  const row = await getOwnedUrl(ctx, id);
  const now = Date.now();
  const last = epochMs(row.healthCheckedAt);
  // Read, then claimed in one conditional write: concurrent requests all read "not checked", but only
  // one of them wins the claim (issue 27: 20 concurrent checks used to run all 20).
  const recent = last !== null && now - last < CHECK_COOLDOWN_MS;
  if (recent || !(await claimManualCheck(ctx.database(), id, now, CHECK_COOLDOWN_MS))) {
    const wait = recent ? Math.ceil((CHECK_COOLDOWN_MS - (now - last)) / 1000) : CHECK_COOLDOWN_MS / 1000;
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `this link was checked less than a minute ago: try again in ${wait} s`,
      undefined,
      {
        "Retry-After": String(wait),
      },
    );
  }
  const { row: stored } = await runCheck(
    ctx.database(),
    ctx.config,
    row,
    { policy: writePolicy(ctx.config, requestHost), trigger: "request", cache: ctx.cache, requestId: ctx.requestId },
    now,
  );
  if (!stored) throw new AppError("CONFLICT", "the link's destination changed during the check: check again");
  return { url_id: id, health: serializeHealth(stored) };
}
