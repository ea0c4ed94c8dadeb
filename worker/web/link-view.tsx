// One link's page: what it is, where it goes, its QR code and downloads, its anomaly alerts, its
// destination's health, its clicks over the last 30 days (a table: the chart's equivalent for every
// reader), where they came from, its audit trail, and its edit form.
import type { EventResponse, UrlResponse } from "../contracts/responses";
import { shortUrlOf } from "../domain/short-url";
import type { LinkAnomaly } from "../services/anomalies/link-anomaly-use-cases";
import type { LinkHealthDetail } from "../services/link-health/health-history";
import { LinkAnomaliesView } from "./link-anomalies-view";
import { ClicksByDay, type LinkStats } from "./link-clicks-view";
import { LinkHealthView } from "./link-health-view";
import { LinkQr } from "./link-qr-view";
import { APP_PATH } from "./page-shell";

export interface EditValues {
  original_url?: string | undefined;
  title?: string | undefined;
  tags?: string | undefined;
}

function EditForm(props: {
  url: UrlResponse;
  values: EditValues;
  errors: EditValues;
  csrfToken: string;
  mayWrite: boolean;
}) {
  const { url, values, errors, csrfToken } = props;
  if (!props.mayWrite) return <p class="note">Your role in this workspace reads links; it cannot change them.</p>;
  const field = (name: keyof EditValues, label: string, type = "text") => (
    <div class="field">
      <label for={`edit-${name}`}>{label}</label>
      <input
        id={`edit-${name}`}
        name={name}
        type={type}
        value={values[name] ?? ""}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={errors[name] ? `edit-${name}-error` : undefined}
      />
      {errors[name] && (
        <p class="error" id={`edit-${name}-error`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  return (
    <section aria-labelledby="edit-title">
      <h2 id="edit-title">Change it</h2>
      <p>
        <a href={`${APP_PATH}/links/${url.id}/edit`}>Edit all settings</a>: when it works, limits, password, rules, A/B
        splits.
      </p>
      <form class="edit" method="post" action={`${APP_PATH}/links/${url.id}`} novalidate>
        <input type="hidden" name="csrf_token" value={csrfToken} />
        {field("original_url", "Destination", "url")}
        {field("title", "Title")}
        {field("tags", "Tags (comma-separated)")}
        <button type="submit">Save</button>
      </form>
      <form method="post" action={`${APP_PATH}/links/${url.id}/${url.is_active ? "deactivate" : "activate"}`}>
        <input type="hidden" name="csrf_token" value={csrfToken} />
        <button class="quiet" type="submit">
          {url.is_active ? "Deactivate (stop redirecting)" : "Activate again"}
        </button>
      </form>
    </section>
  );
}

export function LinkView(props: {
  url: UrlResponse;
  origin: string;
  stats: LinkStats;
  events: EventResponse[];
  values: EditValues;
  errors: EditValues;
  saved: boolean;
  csrfToken: string;
  mayWrite: boolean;
  now: number;
  health: { detail: LinkHealthDetail; checked: boolean; checkError?: string | undefined };
  anomalies: LinkAnomaly[];
}) {
  const { url, origin, stats, events } = props;
  const short = shortUrlOf(origin, url.domain, url.short_code);
  return (
    <>
      <p>
        <a href={`${APP_PATH}/links`}>← All links</a>
      </p>
      <h1>{url.title ?? url.short_code}</h1>
      {props.saved && (
        <p class="saved" role="status">
          Saved.
        </p>
      )}
      <div class="link-head">
        <dl>
          <dt>Short link</dt>
          <dd>
            <a href={short}>{short}</a>
          </dd>
          <dt>Destination</dt>
          <dd>{url.original_url}</dd>
          <dt>State</dt>
          <dd class={`state-${url.state}`}>{url.state}</dd>
          <dt>Destination health</dt>
          <dd class={`health-${url.health.state}`}>{url.health.state}</dd>
          <dt>Tags</dt>
          <dd>{url.tags.length === 0 ? "none" : url.tags.join(", ")}</dd>
        </dl>
        <LinkQr url={url} short={short} />
      </div>
      <LinkAnomaliesView anomalies={props.anomalies} now={props.now} />
      <LinkHealthView
        url={url}
        detail={props.health.detail}
        now={props.now}
        csrfToken={props.csrfToken}
        mayWrite={props.mayWrite}
        checked={props.health.checked}
        checkError={props.health.checkError}
      />
      <ClicksByDay stats={stats} />
      <EditForm {...props} />
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol class="history">
          {events.map((event) => (
            <li>
              <time datetime={`${event.timestamp}Z`}>{event.timestamp.replace("T", " ")}</time> {event.event_type}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
