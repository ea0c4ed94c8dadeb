// A capped link's click, reserved with its Durable Object before the redirect is sent. The call is
// bounded in time and retried once with the same click id (the object grants an id once).
import type { LinkRecord } from "../../domain/link-record";
import { withinTimeout } from "../../lib/within-timeout";
import { dependencyCalls } from "../../observability/dependency-calls";

/** A reservation slower than this is treated as failed (the link answers 503). */
export const RESERVATION_TIMEOUT_MS = 2_000;
const ATTEMPTS = 2;

export type ReservationResult = "granted" | "exhausted" | "unavailable";

export async function reserveClick(
  env: Env,
  record: LinkRecord & { maxClicks: number },
  clickId: string,
): Promise<ReservationResult> {
  const namespace = env.LINK_QUOTAS;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    dependencyCalls().durableObject += 1;
    try {
      const stub = namespace.get(namespace.idFromName(String(record.id)));
      const reservation = await withinTimeout(
        stub.reserve(clickId, record.maxClicks, record.clicksUsed),
        RESERVATION_TIMEOUT_MS,
        "click reservation timed out",
      );
      return reservation.granted ? "granted" : "exhausted";
    } catch {
      // Tried once more with the same click id: the object grants an id at most once.
    }
  }
  return "unavailable";
}
