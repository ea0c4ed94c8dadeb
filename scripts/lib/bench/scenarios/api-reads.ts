// The API's reads that cost more than a lookup: a link's stats, a search over every link, and QR
// codes drawn per request; and one link read with a key and with a session.
import { zipfSampler } from "../../zipf.ts";
import { BENCH_API_KEY, BENCH_SESSION_COOKIE } from "../credentials.ts";
import { HOT_SET } from "../link-layout.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

export function apiReadScenarios({ ports, layout, largeWorkspaceId }: ScenarioContext): Scenario[] {
  const zipfHot = zipfSampler(HOT_SET);
  return [
    // A link's stats (the default window: every day since it was created, 90 days ago), read from
    // the rollups: a link with 1,000,000 clicks against one with 10. The goal is a ratio of 0.8 or more.
    { name: "url_stats_10m_clicks", port: ports.full, next: () => ({ path: `/urls/${layout.statsLargeId}/stats` }) },
    { name: "url_stats_10_clicks", port: ports.full, next: () => ({ path: `/urls/${layout.statsSmallId}/stats` }) },
    // A search over the 100,000 links (their destinations https://example.com/bench/N) for one of them,
    // picked uniformly: "bench/4242" also matches 42420-42429, so 1 to 111 matches; newest first, a
    // page of 20 with its cursor. (Searches matching 1-10 % of all links: 5-25 ms in Postgres; see CAPACITY.)
    {
      name: "search_urls",
      port: ports.full,
      next: () => ({
        path: `/urls?q=bench/${1 + Math.floor(Math.random() * layout.links)}&sort=-created_at&per_page=20`,
      }),
    },
    // The same read of a link (the person's own, from the entity cache) with each credential: the
    // session's path (cookie, cached session, CSRF token derived) must stay within 0.9 of the key's.
    {
      name: "api_get_url_key",
      port: ports.full,
      next: () => ({ path: `/urls/${1 + zipfHot()}`, headers: { Authorization: `Bearer ${BENCH_API_KEY}` } }),
    },
    {
      name: "api_get_url_session",
      port: ports.full,
      next: () => ({ path: `/urls/${1 + zipfHot()}`, headers: { Cookie: BENCH_SESSION_COOKIE } }),
    },
    // The web app's links table (50 rows, newest first, of the workspace of ~100,000 links) against the
    // same page from GET /urls, both with the person's session: the goal is 0.8 or more.
    {
      name: "api_list_urls_session",
      port: ports.full,
      next: () => ({
        path: "/urls?sort=-created_at&per_page=50",
        headers: { Cookie: BENCH_SESSION_COOKIE, "X-Workspace-Id": String(largeWorkspaceId) },
      }),
    },
    {
      name: "app_links_page",
      port: ports.full,
      next: () => ({
        path: "/app/links",
        headers: { Cookie: `${BENCH_SESSION_COOKIE}; ls_workspace=${largeWorkspaceId}` },
      }),
    },
    // A link's QR code drawn on every request (the link itself from the entity cache).
    { name: "qr_svg", port: ports.full, next: () => ({ path: `/urls/${1 + zipfHot()}/qr.svg?size=512` }) },
    { name: "qr_png", port: ports.full, next: () => ({ path: `/urls/${1 + zipfHot()}/qr.png?size=512` }) },
  ];
}
