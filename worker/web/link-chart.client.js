// The link page's clicks chart: uPlot over the numbers the page carries as JSON (#clicks-data: where
// the window starts, its step in seconds, one array per class of visitor, and the compared series'
// clicks; link-clicks.ts chartDataOf). The clicks line is their sum. The table beside it says the same
// for every reader; without script, only the table is there.
(() => {
  const data = document.getElementById("clicks-data");
  const target = document.getElementById("clicks-chart");
  if (!data || !target || typeof uPlot !== "function") return;
  const chart = JSON.parse(data.textContent || "{}");
  const people = chart.people || [];
  if (people.length === 0) return;
  const x = people.map((_, index) => chart.start + index * chart.step);
  const clicks = people.map(
    (count, index) => count + chart.bots[index] + chart.previews[index] + (chart.other ? chart.other[index] : 0),
  );
  const lines = [
    ["clicks", clicks, "#0b5cad"],
    ["people", people, "#1a7f37"],
    ["unique visitors", chart.unique, "#9a6700"],
    ["bots", chart.bots, "#8250df"],
    ["link previews", chart.previews, "#bf3989"],
  ];
  if (chart.compared) lines.push([chart.compared.label, chart.compared.clicks, "#57606a"]);
  const series = lines.map(([label, , stroke], index) =>
    Object.assign(
      { label, stroke, width: index === 0 ? 2 : 1.5, points: { show: x.length <= 60, size: 5 } },
      // What the window is compared with: dashed.
      index === 5 ? { dash: [6, 4] } : {},
    ),
  );
  target.hidden = false;
  const widthNow = () => Math.max(240, Math.min(target.clientWidth || 640, 900));
  const plot = new uPlot(
    {
      width: widthNow(),
      height: 240,
      series: [{}, ...series],
      axes: [{}, { size: 50 }],
      legend: { live: false },
      // The table's times are UTC: so are the chart's.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
    },
    [x, ...lines.map(([, values]) => values)],
    target,
  );
  // A phone turned, a window narrowed: the chart follows its box rather than push the page sideways.
  window.addEventListener("resize", () => plot.setSize({ width: widthNow(), height: 240 }));
})();
