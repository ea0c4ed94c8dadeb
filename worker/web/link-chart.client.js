// The link page's clicks chart: uPlot over the series the page carries as JSON (#clicks-data). The
// table beside it says the same for every reader; without script, only the table is there.
(() => {
  const data = document.getElementById("clicks-data");
  const target = document.getElementById("clicks-chart");
  if (!data || !target || typeof uPlot !== "function") return;
  const series = JSON.parse(data.textContent || "[]");
  const x = series.map((day) => Date.parse(day.start) / 1000);
  target.hidden = false;
  const widthNow = () => Math.max(240, Math.min(target.clientWidth || 640, 900));
  const plot = new uPlot(
    {
      width: widthNow(),
      height: 220,
      series: [
        {},
        { label: "clicks", stroke: "#0b5cad", points: { show: true, size: 5 } },
        { label: "people", stroke: "#1a7f37", points: { show: true, size: 5 } },
        { label: "unique", stroke: "#9a6700", points: { show: true, size: 5 } },
      ],
      axes: [{}, { size: 50 }],
      legend: { live: false },
    },
    [x, series.map((day) => day.clicks), series.map((day) => day.human), series.map((day) => day.unique)],
    target,
  );
  // A phone turned, a window narrowed: the chart follows its box rather than push the page sideways.
  window.addEventListener("resize", () => plot.setSize({ width: widthNow(), height: 220 }));
})();
