// A link's clicks on its page: totals, the chart (drawn by link-chart.client.js from the JSON the page
// carries), its table equivalent for every reader, and the breakdowns.

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

export function ClicksByDay({ stats }: { stats: LinkStats }) {
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
