// A link's clicks on its page: the window form (a GET form, so every view is a URL and needs no
// script), the totals and their change against what they are compared with, the chart (drawn by
// link-chart.client.js from the JSON the page carries), its table equivalent for every reader, the
// clicks' CSV download, and the breakdowns. The data is read in link-clicks.ts.
import {
  BREAKDOWN_ROWS,
  type ChartData,
  type ClicksStats,
  changeOf,
  chartDataOf,
  countryName,
  type LinkClicks,
  type TableUnit,
  tableOf,
} from "./link-clicks";
import { APP_PATH } from "./page-shell";

/** What LinkView passes to the clicks section. */
export type LinkStats = LinkClicks;

const UNIT_NAMES: Record<TableUnit, { one: string; many: string }> = {
  hour: { one: "Hour", many: "Hours" },
  day: { one: "Day", many: "Days" },
  month: { one: "Month", many: "Months" },
};
const CLASS_NAMES: Record<string, string> = {
  human: "people",
  bot: "bots",
  preview: "link previews",
  head: "HEAD requests",
  prefetch: "prefetches",
};
// The stats' labels (domain/agent-labels.ts) as people write them; null: not recorded.
const BROWSER_NAMES: Record<string, string> = {
  chrome: "Chrome",
  safari: "Safari",
  firefox: "Firefox",
  edge: "Edge",
  samsung: "Samsung Internet",
  opera: "Opera",
};
const OS_NAMES: Record<string, string> = {
  ios: "iOS",
  android: "Android",
  windows: "Windows",
  macos: "macOS",
  linux: "Linux",
  chromeos: "ChromeOS",
};
/** A label's name; "other" and anything unnamed as they are, null as "unknown" (as for the device). */
const nameOf = (names: Record<string, string>, label: string | null) =>
  label === null ? "unknown" : (names[label] ?? label);

/** The last day a window's exclusive end covers, as a date. */
const lastDayOf = (to: string) => new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
const spanOf = (stats: ClicksStats) => `${stats.from.slice(0, 10)} to ${lastDayOf(stats.to)}`;
const classTotal = (stats: ClicksStats, kind: string) => stats.by_class.find((row) => row.class === kind)?.clicks ?? 0;

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
        {props.rows.slice(0, BREAKDOWN_ROWS).map((row) => (
          <tr>
            <td data-label="Value">{row.name}</td>
            <td data-label="Clicks">{row.clicks}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WindowForm({ clicks }: { clicks: LinkClicks }) {
  const { form, errors } = clicks;
  const custom = form.window === "custom";
  const windowError = errors.window ? "clicks-window-error" : undefined;
  const linkError = errors.compare_link ? "clicks-compare-link-error" : undefined;
  const option = (value: string, label: string, current: string) => (
    <option value={value} selected={value === current}>
      {label}
    </option>
  );
  const controls = (
    <form class="filters clicks-window" method="get" action={`${APP_PATH}/links/${clicks.urlId}`}>
      <div class="field">
        <label for="clicks-window">Window</label>
        <select
          id="clicks-window"
          name="window"
          aria-invalid={windowError ? "true" : undefined}
          aria-describedby={windowError}
        >
          {option("24h", "Last 24 hours", form.window)}
          {option("7d", "Last 7 days", form.window)}
          {option("30d", "Last 30 days", form.window)}
          {option("custom", "Your dates", form.window)}
        </select>
      </div>
      <div class="field">
        <label for="clicks-from">From (UTC)</label>
        <input
          id="clicks-from"
          name="from"
          type="date"
          value={custom ? form.from : ""}
          aria-describedby={windowError}
        />
      </div>
      <div class="field">
        <label for="clicks-to">To, inclusive</label>
        <input id="clicks-to" name="to" type="date" value={custom ? form.to : ""} aria-describedby={windowError} />
      </div>
      <div class="field">
        <label for="clicks-granularity">Per</label>
        <select id="clicks-granularity" name="granularity" aria-describedby={windowError}>
          {option("", "Default", form.granularity)}
          {option("hour", "Hour", form.granularity)}
          {option("day", "Day", form.granularity)}
        </select>
      </div>
      <div class="field">
        <label for="clicks-compare">Compare with</label>
        <select id="clicks-compare" name="compare">
          {option("", "Nothing", form.compare)}
          {option("previous", "The previous period", form.compare)}
        </select>
      </div>
      <div class="field">
        <label for="clicks-compare-link">Or another link (id or code)</label>
        <input
          id="clicks-compare-link"
          name="compare_link"
          value={form.compare_link}
          aria-invalid={linkError ? "true" : undefined}
          aria-describedby={linkError}
        />
        {errors.compare_link && (
          <p class="error" id="clicks-compare-link-error">
            {errors.compare_link}
          </p>
        )}
      </div>
      <button type="submit">Show</button>
    </form>
  );
  return (
    <>
      {controls}
      {errors.window && (
        <p class="error" id="clicks-window-error">
          {errors.window}
        </p>
      )}
    </>
  );
}

/** The totals beside the compared ones, with the change in percent. */
function Comparison({ stats, compared }: { stats: ClicksStats; compared: NonNullable<LinkClicks["compared"]> }) {
  const other = compared.stats;
  const name = compared.kind === "previous" ? "Previous period" : compared.label;
  const rows: [string, number, number][] = [
    ["Clicks", stats.total, other.total],
    ["People", stats.human, other.human],
    ["Unique visitors", stats.unique, other.unique],
    ["Bots", classTotal(stats, "bot"), classTotal(other, "bot")],
    ["Link previews", classTotal(stats, "preview"), classTotal(other, "preview")],
  ];
  return (
    <table id="clicks-compare">
      <caption>
        {compared.kind === "previous"
          ? `Compared with the previous period, ${spanOf(other)}`
          : `Compared with ${compared.label} over the same window`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Count</th>
          <th scope="col">This window</th>
          <th scope="col">{name}</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, now, before]) => (
          <tr>
            <th scope="row">{label}</th>
            <td data-label="This window">{now}</td>
            <td data-label={name}>{before}</td>
            <td data-label="Change">{changeOf(now, before)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SeriesTable({ clicks, stats }: { clicks: LinkClicks; stats: ClicksStats }) {
  const compared = clicks.compared;
  const { unit, rows } = tableOf(stats.series, compared?.stats.series, stats.granularity);
  if (rows.length === 0) return <p>No clicks in this window.</p>;
  const names = UNIT_NAMES[unit];
  const comparedName = compared?.kind === "previous" ? "Previous period" : compared?.label;
  return (
    <table id="clicks-by-day">
      <caption class="note">
        {`${names.many} with clicks (UTC)`}
        {unit !== stats.granularity && `: the chart's ${UNIT_NAMES[stats.granularity].many.toLowerCase()} added up`}
        {compared?.kind === "previous" && `; previous period: the same ${names.one.toLowerCase()}, one period earlier`}
      </caption>
      <thead>
        <tr>
          <th scope="col">{names.one}</th>
          <th scope="col">Clicks</th>
          <th scope="col">People</th>
          <th scope="col">Unique</th>
          <th scope="col">Bots</th>
          <th scope="col">Previews</th>
          {comparedName && <th scope="col">{comparedName}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <td data-label={names.one}>{row.label}</td>
            <td data-label="Clicks">{row.clicks}</td>
            <td data-label="People">{row.human}</td>
            <td data-label="Unique">{row.unique}</td>
            <td data-label="Bots">{row.bot}</td>
            <td data-label="Previews">{row.preview}</td>
            {comparedName && <td data-label={comparedName}>{row.compared}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Breakdowns({ stats }: { stats: ClicksStats }) {
  return (
    <div class="breakdowns">
      <Breakdown
        caption="By country"
        rows={stats.by_country.map((row) => ({ name: countryName(row.country), clicks: row.clicks }))}
      />
      <Breakdown
        caption="By device"
        rows={stats.by_device.map((row) => ({ name: row.device ?? "unknown", clicks: row.clicks }))}
      />
      <Breakdown
        caption="By browser"
        rows={stats.by_browser.map((row) => ({ name: nameOf(BROWSER_NAMES, row.browser), clicks: row.clicks }))}
      />
      <Breakdown
        caption="By operating system"
        rows={stats.by_os.map((row) => ({ name: nameOf(OS_NAMES, row.os), clicks: row.clicks }))}
      />
      <Breakdown
        caption="By referrer"
        rows={stats.by_referrer.map((row) => ({ name: row.referrer ?? "direct or unknown", clicks: row.clicks }))}
      />
      <Breakdown
        caption="By source"
        rows={stats.by_source.map((row) => ({
          name: row.source === "qr" ? "QR code" : (row.source ?? "link"),
          clicks: row.clicks,
        }))}
      />
      <Breakdown
        caption="By kind of visitor"
        rows={stats.by_class.map((row) => ({ name: CLASS_NAMES[row.class ?? ""] ?? "unknown", clicks: row.clicks }))}
      />
      <Breakdown
        caption="By rule"
        rows={stats.by_rule.map((row) => ({
          name: row.rule === null ? "the link's own destination" : `rule ${row.rule}`,
          clicks: row.clicks,
        }))}
      />
      <Breakdown
        caption="By A/B variant"
        rows={stats.by_variant.map((row) => ({
          name: `${row.rule === null ? "" : `rule ${row.rule}, `}variant ${row.variant ?? "?"}`,
          clicks: row.clicks,
        }))}
      />
    </div>
  );
}

/** The chart's JSON, safe inside a script element. */
const chartJson = (data: ChartData) => JSON.stringify(data).replaceAll("<", "\\u003c");

export function ClicksByDay({ stats: clicks }: { stats: LinkStats }) {
  const stats = clicks.stats;
  const heading = clicks.preset ?? (stats ? spanOf(stats) : "a window of your own");
  const per = stats?.granularity ?? "day";
  const other = stats ? classTotal(stats, "head") + classTotal(stats, "prefetch") : 0;
  const compared = clicks.compared;
  const csv = stats
    ? `${APP_PATH}/links/${clicks.urlId}/clicks.csv?${new URLSearchParams({ from: stats.from, to: stats.to }).toString()}`
    : undefined;
  return (
    <section aria-labelledby="clicks-title">
      <h2 id="clicks-title">Clicks, {heading}</h2>
      <WindowForm clicks={clicks} />
      {stats && (
        <>
          <p>
            {spanOf(stats)} (UTC, per {per}): <strong>{stats.total}</strong> clicks, <strong>{stats.human}</strong> by
            people, <strong>{stats.unique}</strong> unique visitors, {classTotal(stats, "bot")} by bots,{" "}
            {classTotal(stats, "preview")} link previews
            {other > 0 && `, ${other} other (HEAD requests, prefetches)`}.
            {stats.imported_clicks > 0 &&
              ` Before it was imported, the link had ${stats.imported_clicks} clicks elsewhere: not counted here.`}
          </p>
          {compared && <Comparison stats={stats} compared={compared} />}
          {/* Drawn by link-chart.client.js from the same numbers as the table below; hidden without script. */}
          <div
            id="clicks-chart"
            class="chart"
            role="img"
            aria-label={`Clicks per ${per}, ${heading}${compared ? `, and ${compared.label}` : ""}: the table below has the numbers`}
            hidden
          />
          <script
            type="application/json"
            id="clicks-data"
            dangerouslySetInnerHTML={{
              __html: chartJson(
                chartDataOf(
                  stats.series,
                  stats.granularity,
                  compared && { label: compared.label, points: compared.stats.series },
                ),
              ),
            }}
          />
          <SeriesTable clicks={clicks} stats={stats} />
          <p>
            <a href={csv} download>
              Download clicks (CSV)
            </a>{" "}
            <span class="note">of this window, one click a line.</span>
          </p>
          <Breakdowns stats={stats} />
        </>
      )}
    </section>
  );
}
