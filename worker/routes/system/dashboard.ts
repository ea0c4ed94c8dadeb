// GET /dashboard: one self-contained page (uPlot and our script inlined, no CDN, no fonts) that
// refreshes itself from /metrics, /metrics/history, /alert-status, /health and /logs. The page
// holds no data; with METRICS_TOKEN set it asks for the token (kept in the tab's sessionStorage).
// A strict CSP with a per-response nonce: nothing but our two scripts can run.
import type { OpenAPIHono } from "@hono/zod-openapi";
import uplotJs from "uplot/dist/uPlot.iife.min.js";
import uplotCss from "uplot/dist/uPlot.min.css";
import type { AppEnv } from "../../app-env";
import dashboardCss from "../../dashboard/dashboard.client.css";
import dashboardJs from "../../dashboard/dashboard.client.js";
import { requires } from "../shared/permissions";

// "</" inside an inlined script or style would end the element early.
const inlineSafe = (text: string) => text.replaceAll("</", "<\\/");

function page(nonce: string, version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Linkscope</title>
<style nonce="${nonce}">${inlineSafe(uplotCss)}
${inlineSafe(dashboardCss)}</style>
</head>
<body>
<header>
  <h1>Linkscope</h1>
  <span class="status" id="version"></span>
  <span class="status" id="refreshed">loading…</span>
  <form class="token" id="token-form" hidden>
    <label for="token">Metrics token</label>
    <input id="token" type="password" autocomplete="off">
    <button type="submit">Use</button>
  </form>
  <span class="error" id="error"></span>
</header>
<main>
  <section class="wide">
    <h2>Last 2 minutes</h2>
    <div class="numbers" id="numbers"></div>
  </section>
  <section><h2>Requests and 5xx per minute</h2><div class="chart" id="chart-requests" data-total="0"></div></section>
  <section><h2>Redirect latency (ms)</h2><div class="chart" id="chart-latency" data-points="0"></div></section>
  <section><h2>Redirects by cache tier (share per minute)</h2><div class="chart" id="chart-tiers" data-points="0"></div></section>
  <section><h2>Redirects by outcome (per minute)</h2><div class="chart" id="chart-outcomes" data-points="0"></div></section>
  <section><h2>Human clicks on broken destinations (per minute)</h2><div class="chart" id="chart-broken" data-points="0"></div></section>
  <section><h2>Sign-ins and refusals (per minute)</h2><div class="chart" id="chart-auth" data-points="0"></div></section>
  <section><h2>Click consumer lag (s, per message from its oldest click)</h2><div class="chart" id="chart-click-lag" data-points="0"></div></section>
  <section><h2>Click queue messages per click (per minute)</h2><div class="chart" id="chart-click-messages" data-points="0"></div></section>
  <section><h2>Links by destination health</h2><table><thead><tr><th>state</th><th>links</th><th>share</th></tr></thead><tbody id="link-health"></tbody></table></section>
  <section id="custom-domains"><h2>Custom domains</h2>
    <table><thead><tr><th>state</th><th>domains</th></tr></thead><tbody id="domain-states"></tbody></table>
    <table><thead><tr><th>certificate (serving domains)</th><th>domains</th></tr></thead><tbody id="domain-certificates"></tbody></table>
    <p class="note" id="domain-unhealthy-longest"></p>
  </section>
  <section><h2>Dependencies</h2><table><thead><tr><th>dependency</th><th>status</th><th>latency</th><th>circuit</th></tr></thead><tbody id="health"></tbody></table></section>
  <section class="wide"><h2>Alerts</h2><table><thead><tr><th>alert</th><th>severity</th><th>state</th><th>since</th><th>value</th><th>threshold</th><th>detail</th></tr></thead><tbody id="alerts"></tbody></table></section>
  <section class="wide"><h2>Recent log lines</h2><table><thead><tr><th>time</th><th>level</th><th>message</th><th>route</th><th>status</th><th>request id</th></tr></thead><tbody id="logs"></tbody></table></section>
</main>
<script nonce="${nonce}">${inlineSafe(uplotJs)}</script>
<script nonce="${nonce}" id="dashboard-script" data-version="${version.replace(/[^\w.-]/g, "")}">${inlineSafe(dashboardJs)}</script>
</body>
</html>`;
}

export function registerDashboard(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/dashboard",
    ...requires("public"),
    tags: ["system"],
    description: "A live dashboard (HTML) built on /metrics, /metrics/history, /alert-status, /health and /logs.",
    responses: { 200: { description: "HTML page", content: { "text/html": { schema: { type: "string" } } } } },
  });

  app.get("/dashboard", (c) => {
    const nonce = crypto.randomUUID().replaceAll("-", "");
    c.header(
      "Content-Security-Policy",
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; ` +
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    return c.html(page(nonce, c.var.config.APP_VERSION));
  });
}
