import type { UrlRow } from "../../../db/schema";
import type { UrlResponse } from "../../contracts/responses";
import { clicksRemaining, linkState } from "../../domain/link-state";
import { epochMs, formatTimestamp } from "../../lib/time";
import type { LinkRow } from "./link-store";

const instant = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Where the destination was at its last check. */
export function serializeHealth(row: UrlRow): UrlResponse["health"] {
  return {
    state: row.healthState,
    checked_at: instant(epochMs(row.healthCheckedAt)),
    status: row.healthStatus,
    final_url: row.healthFinalUrl,
    hops: row.healthHops,
    latency_ms: row.healthLatencyMs,
    error: row.healthError,
  };
}

/** The new lifecycle times are exact instants with their zone (the seed's fields keep their shape). */
export function serializeUrl(row: LinkRow, now = Date.now()): UrlResponse {
  const validSince = epochMs(row.validSince);
  const expiresAt = epochMs(row.expiresAt);
  // Alphabetical, as every object the API answers (the seed's jsonify sorted its keys).
  return {
    clicks_remaining: clicksRemaining(row.maxClicks, row.clicksUsed),
    created_at: formatTimestamp(row.createdAt),
    domain: row.domain,
    expired_url: row.expiredUrl,
    expires_at: instant(expiresAt),
    fallback_url: row.fallbackUrl,
    health: serializeHealth(row),
    id: row.id,
    imported_clicks: row.importedClicks,
    is_active: row.isActive,
    max_clicks: row.maxClicks,
    original_url: row.originalUrl,
    password_protected: row.passwordHash !== null,
    query_forwarding: row.queryForwarding,
    rules: row.rules,
    short_code: row.shortCode,
    state: linkState({ ...row, validSince, expiresAt }, now),
    tags: row.tags,
    title: row.title,
    updated_at: formatTimestamp(row.updatedAt),
    user_id: row.userId,
    utm: row.utm,
    valid_since: instant(validSince),
    workspace_id: row.workspaceId,
  };
}

/**
 * A response read back from a cache, with its state as of now: the state depends on the clock, the
 * rest of the response does not (clicks_remaining aside, which lags by at most the cache's TTL).
 */
export function withCurrentState(url: UrlResponse, now = Date.now()): UrlResponse {
  const max = url.max_clicks;
  const state = linkState(
    {
      isActive: url.is_active,
      validSince: url.valid_since === null ? null : Date.parse(url.valid_since),
      expiresAt: url.expires_at === null ? null : Date.parse(url.expires_at),
      maxClicks: max,
      clicksUsed: max === null ? 0 : max - (url.clicks_remaining ?? 0),
    },
    now,
  );
  return state === url.state ? url : { ...url, state };
}
