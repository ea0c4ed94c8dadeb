// A link's destination health on its page: the last check at a glance (state in words, when, the HTTP
// status, where it leads if elsewhere, how fast, what failed, the failure streak, the next check), its
// last changes of state (the `health_changed` audit events), and "Check now" for a role that may
// (POST /app/links/{id}/check: POST /urls/{id}/health/check's use case).
import type { UrlResponse } from "../contracts/responses";
import type { HealthState } from "../domain/health-states";
import { MINUTE_MS } from "../lib/time";
import type { HealthChange, LinkHealthDetail } from "../services/link-health/health-history";
import { APP_PATH } from "./page-shell";

/** Each state's name and what it means for the link, in plain words. */
export const HEALTH_WORDS: Record<HealthState, { label: string; meaning: string }> = {
  unknown: { label: "Not checked yet", meaning: "the destination has not been checked since it was set." },
  healthy: { label: "Healthy", meaning: "the destination answered." },
  suspect: { label: "Suspect", meaning: "the last check failed; it is checked again soon." },
  broken: { label: "Broken", meaning: "checks have failed again and again, for hours." },
  blocked: {
    label: "Blocked",
    meaning: "the site refused the checker (a login, a rate limit or a bot challenge): nothing is known.",
  },
  moved: { label: "Moved", meaning: "it answers, but from another domain than the link's own." },
};

const ERROR_WORDS: Record<string, string> = {
  dns: "the host name does not resolve (DNS)",
  tls: "the secure connection failed (TLS certificate or handshake)",
  timeout: "no answer in time",
  connection: "the connection was refused or dropped",
  too_many_redirects: "too many redirects",
  redirect_loop: "the redirects go round in a loop",
  refused_destination:
    "a redirect leads somewhere links may not go (a private address, this service or a blocked domain)",
};

/** What failed, in words: the probe's error, or the HTTP status an error status is. */
export function failureWords(error: string | null, status: number | null): string | undefined {
  if (error === null) return undefined;
  if (error === "http_status") return status === null ? "an error status" : `it answered HTTP ${status}`;
  return ERROR_WORDS[error] ?? error;
}

/** A latency as people read it: "340 ms", "2.5 s". */
export function latencyWords(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** An instant to the minute, in UTC: "2026-11-29 14:03 UTC". */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** How far an instant is from now, in its largest whole unit: "just now", "5 minutes ago", "in 3 hours". */
export function relativeWords(ms: number, now: number): string {
  const delta = ms - now;
  const size = Math.abs(delta);
  if (size < MINUTE_MS) return "just now";
  const units: [number, string][] = [
    [24 * 60 * MINUTE_MS, "day"],
    [60 * MINUTE_MS, "hour"],
    [MINUTE_MS, "minute"],
  ];
  const [unit, name] = units.find(([length]) => size >= length) ?? [MINUTE_MS, "minute"];
  const count = Math.floor(size / unit);
  const amount = `${count} ${name}${count === 1 ? "" : "s"}`;
  return delta < 0 ? `${amount} ago` : `in ${amount}`;
}

/** When the next scheduled check is, in words. */
export function nextCheckWords(nextCheckAt: number | null, isActive: boolean, now: number): string {
  if (!isActive) return "none while the link is deactivated";
  if (nextCheckAt === null || nextCheckAt <= now) return "due now (the checker runs every minute)";
  return `${utcMinute(nextCheckAt)} (${relativeWords(nextCheckAt, now)})`;
}

function When({ ms, now }: { ms: number; now: number }) {
  return <time datetime={new Date(ms).toISOString()}>{`${utcMinute(ms)} (${relativeWords(ms, now)})`}</time>;
}

/** One change of state, in words: "Healthy → Suspect: it answered HTTP 404". */
export function changeWords(change: HealthChange): string {
  const move = `${HEALTH_WORDS[change.from].label} → ${HEALTH_WORDS[change.to].label}`;
  const why = failureWords(change.error, change.status);
  if (why) return `${move}: ${why}`;
  if (change.to === "moved" && change.finalUrl) return `${move}: it answers from ${change.finalUrl}`;
  if (change.status !== null) return `${move} (HTTP ${change.status})`;
  return move;
}

export function LinkHealthView(props: {
  url: UrlResponse;
  detail: LinkHealthDetail;
  now: number;
  csrfToken: string;
  mayWrite: boolean;
  /** The check just ran (the page after "Check now"). */
  checked: boolean;
  /** Why "Check now" was refused (too soon, the destination changed meanwhile), in the API's words. */
  checkError?: string | undefined;
}) {
  const { url, detail, now } = props;
  const health = url.health;
  const words = HEALTH_WORDS[health.state];
  const checkedAt = health.checked_at === null ? null : Date.parse(health.checked_at);
  const failure = failureWords(health.error, health.status);
  const leadsElsewhere = health.final_url !== null && health.final_url !== url.original_url;
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">Destination health</h2>
      {props.checked && (
        <p class="saved" role="status">
          Checked just now.
        </p>
      )}
      {props.checkError && (
        <p class="error" role="alert">
          {props.checkError}
        </p>
      )}
      <p>
        <strong class={`health-${health.state}`}>{words.label}</strong>: {words.meaning}
      </p>
      <dl class="facts">
        <dt>Last checked</dt>
        <dd>{checkedAt === null ? "never" : <When ms={checkedAt} now={now} />}</dd>
        {health.status !== null && (
          <>
            <dt>HTTP status</dt>
            <dd>{health.status}</dd>
          </>
        )}
        {leadsElsewhere && (
          <>
            <dt>{health.state === "moved" ? "Now answers from" : "Leads to"}</dt>
            <dd>
              {health.final_url}
              {health.hops ? ` (after ${health.hops} redirect${health.hops === 1 ? "" : "s"})` : ""}
            </dd>
          </>
        )}
        {health.latency_ms !== null && (
          <>
            <dt>Answered in</dt>
            <dd>{latencyWords(health.latency_ms)}</dd>
          </>
        )}
        {failure && (
          <>
            <dt>What failed</dt>
            <dd>{failure}</dd>
          </>
        )}
        {detail.failures > 0 && (
          <>
            <dt>Failed checks in a row</dt>
            <dd>
              {detail.failures}
              {detail.firstFailureAt !== null && (
                <>
                  , since <When ms={detail.firstFailureAt} now={now} />
                </>
              )}
            </dd>
          </>
        )}
        <dt>Next check</dt>
        <dd>{nextCheckWords(detail.nextCheckAt, url.is_active, now)}</dd>
      </dl>
      {props.mayWrite && (
        <form class="inline" method="post" action={`${APP_PATH}/links/${url.id}/check`}>
          <input type="hidden" name="csrf_token" value={props.csrfToken} />
          <button type="submit" aria-describedby="check-note">
            Check now
          </button>{" "}
          <span class="note" id="check-note">
            once a minute at most
          </span>
        </form>
      )}
      <h3 id="health-changes-title">Changes of state</h3>
      {detail.changes.length === 0 ? (
        <p class="note">None recorded yet.</p>
      ) : (
        <ol class="history" aria-labelledby="health-changes-title">
          {detail.changes.map((change) => (
            <li>
              <When ms={change.at} now={now} /> {changeWords(change)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
