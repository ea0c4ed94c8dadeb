// The dashboard's browser code (inlined by worker/routes/system/dashboard.ts). Everything that
// comes from requests is written with textContent, never as HTML. uPlot draws on canvas.
/* global uPlot */
(() => {
  const REFRESH_MS = 5000;
  const HISTORY_MINUTES = 60;
  const TOKEN_KEY = "linkscope.metricsToken";
  const byId = (id) => document.getElementById(id);

  // A token may come in the fragment (#token=...), which never reaches a server log; keep it for the tab.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get("token"));
    history.replaceState(null, "", location.pathname);
  }

  class Unauthorized extends Error {}

  async function getJson(path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const response = await fetch(path, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      cache: "no-store",
    });
    if (response.status === 401) throw new Unauthorized("the metrics endpoints need a token");
    if (!response.ok && path !== "/health") throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "–" : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function fillTable(tbody, rows, columns) {
    const fresh = document.createDocumentFragment();
    for (const item of rows) {
      const tr = document.createElement("tr");
      for (const column of columns) cell(tr, column.value(item), column.className?.(item));
      fresh.appendChild(tr);
    }
    tbody.replaceChildren(fresh);
  }

  function number(label, value) {
    const box = document.createElement("div");
    const big = document.createElement("span");
    big.className = "value";
    big.textContent = value;
    const small = document.createElement("span");
    small.className = "label";
    small.textContent = label;
    box.append(big, small);
    return box;
  }

  const percent = (ratio) => (ratio === null || ratio === undefined ? "–" : `${(ratio * 100).toFixed(1)} %`);

  const charts = {};
  function chart(id, series, data) {
    const element = byId(id);
    const width = Math.max(300, element.clientWidth || 400);
    if (!charts[id]) {
      charts[id] = new uPlot(
        {
          width,
          height: 220,
          // Points as well as lines: a fresh deployment has a single minute to show.
          series: [{}, ...series.map((one) => ({ ...one, points: { show: true, size: 5 } }))],
          axes: [{}, { size: 60 }],
          legend: { live: false },
        },
        data,
        element,
      );
    } else {
      charts[id].setData(data);
    }
  }

  function renderHistory(history) {
    const minutes = history.minutes;
    const x = minutes.map((m) => Date.parse(m.start) / 1000);
    chart(
      "chart-requests",
      [
        { label: "requests", stroke: "#0969da" },
        { label: "5xx", stroke: "#cf222e" },
      ],
      [x, minutes.map((m) => m.requests), minutes.map((m) => m.errors)],
    );
    byId("chart-requests").dataset.total = String(minutes.reduce((sum, m) => sum + m.requests, 0));
    chart(
      "chart-latency",
      [
        { label: "p50", stroke: "#1a7f37" },
        { label: "p95", stroke: "#9a6700" },
        { label: "p99", stroke: "#cf222e" },
      ],
      [
        x,
        minutes.map((m) => m.latency_ms.p50),
        minutes.map((m) => m.latency_ms.p95),
        minutes.map((m) => m.latency_ms.p99),
      ],
    );
    byId("chart-latency").dataset.points = String(minutes.filter((m) => m.latency_ms.p50 !== null).length);
    const share = (m, tier) => {
      const lookups = m.tiers.isolate + m.tiers.redis + m.tiers.database;
      return lookups > 0 ? m.tiers[tier] / lookups : null;
    };
    chart(
      "chart-tiers",
      [
        { label: "isolate", stroke: "#8250df" },
        { label: "redis", stroke: "#bf3989" },
        { label: "database", stroke: "#57606a" },
      ],
      [
        x,
        minutes.map((m) => share(m, "isolate")),
        minutes.map((m) => share(m, "redis")),
        minutes.map((m) => share(m, "database")),
      ],
    );
    byId("chart-tiers").dataset.points = String(minutes.filter((m) => share(m, "isolate") !== null).length);
    const outcomes = [
      ["found", "#1a7f37"],
      ["unknown", "#57606a"],
      ["scheduled", "#0969da"],
      ["expired", "#9a6700"],
      ["exhausted", "#bc4c00"],
      ["withheld", "#8250df"],
      ["locked", "#1b7c83"],
      ["blocked", "#bf3989"],
      ["limited", "#6e7781"],
      ["unavailable", "#cf222e"],
      ["error", "#a40e26"],
    ];
    chart(
      "chart-outcomes",
      outcomes.map(([label, stroke]) => ({ label, stroke })),
      [x, ...outcomes.map(([outcome]) => minutes.map((m) => m.outcomes?.[outcome] ?? 0))],
    );
    byId("chart-outcomes").dataset.points = String(minutes.filter((m) => m.redirects > 0).length);
    // Link rot in clicks: people sent to a broken destination, and those its fallback_url saved.
    const broken = (m, where) => m.broken_destinations?.[where] ?? 0;
    chart(
      "chart-broken",
      [
        { label: "sent to a broken destination", stroke: "#cf222e" },
        { label: "sent to the fallback_url", stroke: "#1a7f37" },
      ],
      [x, minutes.map((m) => broken(m, "followed")), minutes.map((m) => broken(m, "fallback"))],
    );
    byId("chart-broken").dataset.points = String(
      minutes.reduce((sum, m) => sum + broken(m, "followed") + broken(m, "fallback"), 0),
    );
    // People signing in, and what was refused: sign-in links spent or expired, ended sessions, cross-site writes.
    const auth = (m, what) => m.auth?.[what] ?? 0;
    chart(
      "chart-auth",
      [
        { label: "signed in", stroke: "#1a7f37" },
        { label: "refused", stroke: "#cf222e" },
      ],
      [x, minutes.map((m) => auth(m, "sign_ins")), minutes.map((m) => auth(m, "refusals"))],
    );
    byId("chart-auth").dataset.points = String(
      minutes.reduce((sum, m) => sum + auth(m, "sign_ins") + auth(m, "refusals"), 0),
    );
    // The click pipeline: how long clicks wait for the consumer (a backlog shows here first), and how
    // well isolates batch their clicks (1: a message per click; 0.01: full messages of 100).
    const lag = (m, q) => m.clicks?.lag_seconds?.[q] ?? null;
    chart(
      "chart-click-lag",
      [
        { label: "p50", stroke: "#1a7f37" },
        { label: "p95", stroke: "#9a6700" },
        { label: "p99", stroke: "#cf222e" },
      ],
      [x, minutes.map((m) => lag(m, "p50")), minutes.map((m) => lag(m, "p95")), minutes.map((m) => lag(m, "p99"))],
    );
    byId("chart-click-lag").dataset.points = String(minutes.filter((m) => lag(m, "p50") !== null).length);
    const perClick = (m) => m.clicks?.messages_per_click ?? null;
    chart("chart-click-messages", [{ label: "messages per click", stroke: "#0969da" }], [x, minutes.map(perClick)]);
    byId("chart-click-messages").dataset.points = String(minutes.filter((m) => perClick(m) !== null).length);
  }

  const HEALTH_STATES = ["healthy", "suspect", "broken", "moved", "blocked", "unknown"];

  function renderLinkHealth(counts) {
    const rows = counts ? HEALTH_STATES.map((state) => ({ state, links: counts[state] ?? 0 })) : [];
    const total = rows.reduce((sum, row) => sum + row.links, 0);
    fillTable(byId("link-health"), rows, [
      { value: (r) => r.state, className: (r) => `health-${r.state}` },
      { value: (r) => r.links },
      { value: (r) => (total > 0 ? percent(r.links / total) : null) },
    ]);
  }

  const DOMAIN_STATES = ["active", "pending", "unhealthy"];
  const CERTIFICATE_STATES = ["active", "pending", "failed", "none"];

  // The evaluator's last count of custom domains (null before its first): by state, and the
  // certificates of serving ones by status; the alert rows below say whether either alert fires.
  function renderDomains(domains, unhealthyAlert) {
    const rows = (names, counts) => (counts ? names.map((name) => ({ name, domains: counts[name] ?? 0 })) : []);
    fillTable(byId("domain-states"), rows(DOMAIN_STATES, domains?.states), [
      { value: (r) => r.name, className: (r) => `domain-${r.name}` },
      { value: (r) => r.domains },
    ]);
    fillTable(byId("domain-certificates"), rows(CERTIFICATE_STATES, domains?.certificates), [
      { value: (r) => r.name, className: (r) => `certificate-${r.name}` },
      { value: (r) => r.domains },
    ]);
    const longest = domains?.unhealthy_longest_seconds ?? 0;
    const alertAt = unhealthyAlert?.threshold > 0 ? ` (alert at ${Math.round(unhealthyAlert.threshold / 60)} min)` : "";
    byId("domain-unhealthy-longest").textContent =
      longest > 0 ? `longest unhealthy: ${Math.round(longest / 60)} min${alertAt}` : "";
  }

  function renderSummary(summary) {
    byId("numbers").replaceChildren(
      number("requests", String(summary.requests.total)),
      number("5xx", String(summary.requests.errors)),
      number("error rate", percent(summary.requests.error_rate)),
      number("isolate hit ratio", percent(summary.cache.hit_ratio.isolate)),
      number("Redis hit ratio", percent(summary.cache.hit_ratio.redis)),
      number("served without Postgres", percent(summary.cache.hit_ratio.overall)),
      number("uptime", `${Math.round(summary.uptime_seconds / 60)} min`),
    );
  }

  function renderAlerts(status) {
    const alerts = Object.entries(status.alerts).map(([name, alert]) => ({ name, ...alert }));
    fillTable(byId("alerts"), alerts, [
      { value: (a) => a.name },
      { value: (a) => a.severity },
      { value: (a) => a.state, className: (a) => `state-${a.state}` },
      { value: (a) => (a.since ? new Date(a.since).toLocaleString() : null) },
      { value: (a) => a.value },
      { value: (a) => a.threshold },
      { value: (a) => a.detail, className: () => "wrap" },
    ]);
  }

  function renderHealth(health) {
    const checks = Object.entries(health.checks || {}).map(([name, check]) => ({ name, ...check }));
    fillTable(byId("health"), checks, [
      { value: (c) => c.name },
      { value: (c) => c.status, className: (c) => `status-${c.status}` },
      { value: (c) => (c.latency_ms === null ? null : `${c.latency_ms} ms`) },
      { value: (c) => c.circuit },
    ]);
  }

  function renderLogs(lines) {
    fillTable(byId("logs"), lines.slice().reverse(), [
      { value: (l) => l.timestamp },
      { value: (l) => l.level },
      { value: (l) => l.message, className: () => "wrap" },
      { value: (l) => l.route },
      { value: (l) => l.status },
      { value: (l) => l.request_id, className: () => "wrap" },
    ]);
  }

  function askForToken(message) {
    const form = byId("token-form");
    form.hidden = false;
    byId("error").textContent = message;
  }

  byId("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, byId("token").value);
    byId("token").value = "";
    byId("token-form").hidden = true;
    byId("error").textContent = "";
    void refresh();
  });

  let timer;
  async function refresh() {
    clearTimeout(timer);
    try {
      const [summary, history, alerts, health, logs] = await Promise.all([
        getJson("/metrics"),
        getJson(`/metrics/history?minutes=${HISTORY_MINUTES}`),
        getJson("/alert-status"),
        getJson("/health"),
        getJson("/logs?limit=25"),
      ]);
      renderSummary(summary);
      renderHistory(history);
      renderAlerts(alerts);
      renderLinkHealth(alerts.links_by_health);
      renderDomains(alerts.domains, alerts.alerts.domain_unhealthy);
      renderHealth(health);
      renderLogs(logs);
      byId("error").textContent = "";
      byId("refreshed").textContent = `updated ${new Date().toLocaleTimeString()}`;
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
    } catch (error) {
      if (error instanceof Unauthorized) askForToken(error.message);
      else byId("error").textContent = String(error.message || error);
    }
    timer = setTimeout(refresh, REFRESH_MS);
  }

  byId("version").textContent = `version ${byId("dashboard-script").dataset.version || "?"}`;
  void refresh();
})();
