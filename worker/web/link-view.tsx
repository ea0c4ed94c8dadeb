// One link's page: what it is, where it goes, its clicks over the last 30 days (a table: the chart's
// equivalent for every reader), where they came from, its QR code, its audit trail, and its edit form.
import type { EventResponse, UrlResponse } from "../contracts/responses";
import { shortUrlOf } from "../domain/short-url";
import { APP_PATH } from "./page-shell";

export interface LinkStats {
  total: number;
  human: number;
  unique: number;
  series: { start: string; clicks: number; human: number; unique: number }[];
  by_country: { country: string | null; clicks: number }[];
  by_referrer: { referrer: string | null; clicks: number }[];
  by_device: { device: string | null; clicks: number }[];
  by_source: { source: string | null; clicks: number }[];
}

export interface EditValues {
  original_url?: string | undefined;
  title?: string | undefined;
  tags?: string | undefined;
}

function Breakdown(props: { caption: string; rows: { name: string; clicks: number }[] }) {
  if (props.rows.length === 0) return null;
  return (
    <table class="breakdown">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.caption.replace(/^By /, "")}</th>
          <th scope="col">Clicks</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.slice(0, 10).map((row) => (
          <tr>
            <td data-label="Value">{row.name}</td>
            <td data-label="Clicks">{row.clicks}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ClicksByDay({ stats }: { stats: LinkStats }) {
  const days = stats.series.filter((day) => day.clicks > 0);
  return (
    <section aria-labelledby="clicks-title">
      <h2 id="clicks-title">Clicks, last 30 days</h2>
      <p>
        <strong>{stats.total}</strong> clicks, <strong>{stats.human}</strong> by people, <strong>{stats.unique}</strong>{" "}
        unique visitors.
      </p>
      {/* Drawn by link-chart.client.js from the same numbers as the table below; hidden without script. */}
      <div id="clicks-chart" class="chart" role="img" aria-label="Clicks per day, last 30 days" hidden />
      <script
        type="application/json"
        id="clicks-data"
        dangerouslySetInnerHTML={{ __html: JSON.stringify(stats.series).replaceAll("<", "\\u003c") }}
      />
      {days.length > 0 && (
        <table id="clicks-by-day">
          <caption class="note">Days with clicks</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Clicks</th>
              <th scope="col">People</th>
              <th scope="col">Unique</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr>
                <td data-label="Day">{day.start.slice(0, 10)}</td>
                <td data-label="Clicks">{day.clicks}</td>
                <td data-label="People">{day.human}</td>
                <td data-label="Unique">{day.unique}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="breakdowns">
        <Breakdown
          caption="By country"
          rows={stats.by_country.map((row) => ({ name: row.country ?? "unknown", clicks: row.clicks }))}
        />
        <Breakdown
          caption="By referrer"
          rows={stats.by_referrer.map((row) => ({ name: row.referrer ?? "direct", clicks: row.clicks }))}
        />
        <Breakdown
          caption="By device"
          rows={stats.by_device.map((row) => ({ name: row.device ?? "unknown", clicks: row.clicks }))}
        />
        <Breakdown
          caption="By source"
          rows={stats.by_source.map((row) => ({ name: row.source === "qr" ? "QR code" : "link", clicks: row.clicks }))}
        />
      </div>
    </section>
  );
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
        <figure>
          <img src={`/urls/${url.id}/qr.svg?size=160`} width="160" height="160" alt={`QR code for ${short}`} />
          <figcaption>
            <a href={`/urls/${url.id}/qr.png?size=1024`} download={`${url.short_code}.png`}>
              Download PNG
            </a>{" "}
            ·{" "}
            <a href={`/urls/${url.id}/qr.svg`} download={`${url.short_code}.svg`}>
              SVG
            </a>
          </figcaption>
        </figure>
      </div>
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
