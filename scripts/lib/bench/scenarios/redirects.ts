// The redirect scenarios: each kind of link answered from the isolate cache, then plain links
// answered by the tiers below it (Redis alone, Postgres alone) and codes no link has.
import { zipfSampler } from "../../zipf.ts";
import {
  BENCH_DOMAIN,
  BROKEN_SET,
  BROKEN_START,
  CAPPED_SET,
  CAPPED_START,
  codeOf,
  FORWARDING_SET,
  HOT_SET,
  PROTECTED_SET,
  RULES_SET,
  RULES_START,
  UNKNOWN_SET,
  unprotected,
} from "../link-layout.ts";
import { BENCH_PASSWORD } from "../protected-links.ts";
import { BROWSER, EDGE_HEADERS, type Scenario, type ScenarioContext } from "./scenario.ts";

export function isolateRedirectScenarios({ ports, layout, unlockCookies }: ScenarioContext): Scenario[] {
  const zipfHot = zipfSampler(HOT_SET);
  const zipfForwarding = zipfSampler(FORWARDING_SET);
  const zipfCapped = zipfSampler(CAPPED_SET);
  const zipfRules = zipfSampler(RULES_SET);
  const zipfBroken = zipfSampler(BROKEN_SET);
  const zipfProtected = zipfSampler(PROTECTED_SET);
  return [
    { name: "redirect_isolate", port: ports.full, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    // Informational: the same, logging 1% of isolate hits (LOG_REDIRECT_HIT_SAMPLE=0.01), with the
    // headers Cloudflare's edge adds (EDGE_HEADERS), which a click reads.
    {
      name: "redirect_isolate_sampled_logs",
      port: ports.fullSampled,
      next: () => ({ path: `/${codeOf(zipfHot())}`, headers: EDGE_HEADERS }),
    },
    // The same with every click batched and sent to the queue (a broker that counts and discards the
    // messages): the goal is at least 0.9 of redirect_isolate_sampled_logs.
    {
      name: "redirect_isolate_sampled_logs_clicks",
      port: ports.fullSampledClicks,
      next: () => ({ path: `/${codeOf(zipfHot())}`, headers: EDGE_HEADERS }),
    },
    { name: "redirect_isolate_no_metrics", port: ports.fullNoMetrics, next: () => ({ path: `/${codeOf(zipfHot())}` }) },
    // The hot set's copy on a custom domain, found by the request's Host: the goal is at least 0.95 of
    // redirect_isolate (the host's domain comes from the isolate too).
    {
      name: "redirect_isolate_custom_domain",
      port: ports.full,
      next: () => ({ path: `/${codeOf(zipfHot())}`, headers: { host: BENCH_DOMAIN } }),
    },
    {
      name: "redirect_isolate_sampled_logs_no_metrics",
      port: ports.fullSampledNoMetrics,
      next: () => ({ path: `/${codeOf(zipfHot())}` }),
    },
    // Lifecycle times checked, UTM tags added and an incoming query forwarded (fill), from the
    // isolate: within 0.9 of redirect_isolate_sampled_logs is the goal.
    {
      name: "redirect_isolate_forwarding",
      port: ports.fullSampled,
      next: () => ({ path: `/${codeOf(HOT_SET + zipfForwarding())}?ref=bench&color=blue` }),
    },
    // Informational: redirect_isolate_sampled_logs with the two headers the rules scenario sends
    // (a browser's User-Agent and Accept-Language), so the cost of carrying them is known.
    {
      name: "redirect_isolate_sampled_logs_browser",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(zipfHot())}`,
        headers: { "User-Agent": BROWSER, "Accept-Language": "en-US,en;q=0.9" },
      }),
    },
    // 25 rules, the last one matching (a desktop browser), from the isolate: the goal is within
    // 0.9 of redirect_isolate_sampled_logs.
    {
      name: "redirect_isolate_rules",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(RULES_START + zipfRules())}`,
        headers: { "User-Agent": BROWSER, "Accept-Language": "en-US,en;q=0.9" },
      }),
    },
    // A link whose destination is broken, opened by a person: sent to its fallback_url (with UTM
    // tags) and counted (linkscope_redirects_to_fallback_total), from the isolate. The goal is within
    // 0.9 of redirect_isolate_sampled_logs_browser (the same headers, a plain link).
    {
      name: "redirect_isolate_broken_fallback",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(BROKEN_START + zipfBroken())}`,
        headers: { "User-Agent": BROWSER, "Accept-Language": "en-US,en;q=0.9" },
      }),
    },
    // A capped link: every human click reserved with the link's Durable Object (one call).
    {
      name: "redirect_capped",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(CAPPED_START + zipfCapped())}`,
        headers: { "User-Agent": BROWSER },
      }),
    },
    // A password-protected link opened with its unlock cookie: an HMAC check per request, from the
    // isolate's record (no Postgres, Redis or Durable Object call).
    {
      name: "redirect_protected_cookie",
      port: ports.fullSampled,
      next: () => {
        const offset = zipfProtected();
        return {
          path: `/${codeOf(layout.protectedStart + offset)}`,
          headers: { "User-Agent": BROWSER, Cookie: unlockCookies[offset] as string },
        };
      },
    },
    // The same link with the password in X-Link-Password on every request: the guess limiter's
    // Durable Object call, the hash read from Postgres and PBKDF2 (100,000 iterations) each time.
    {
      name: "redirect_protected_header",
      port: ports.fullSampled,
      next: () => ({
        path: `/${codeOf(layout.protectedStart + zipfProtected())}`,
        headers: { "User-Agent": BROWSER, "X-Link-Password": BENCH_PASSWORD },
      }),
    },
  ];
}

export function tierRedirectScenarios({ ports, layout }: ScenarioContext): Scenario[] {
  const zipfAll = zipfSampler(layout.links);
  const zipfUnknown = zipfSampler(UNKNOWN_SET);
  return [
    {
      name: "redirect_redis",
      port: ports.redisOnly,
      next: () => ({ path: `/${codeOf(unprotected(layout, zipfAll()))}` }),
    },
    {
      name: "redirect_db",
      port: ports.databaseOnly,
      next: () => ({ path: `/${codeOf(unprotected(layout, zipfAll()))}` }),
    },
    {
      name: "unknown_code",
      port: ports.full,
      next: () => ({ path: `/nx${String(zipfUnknown()).padStart(7, "0")}` }),
      isExpected: (status) => status === 404,
    },
  ];
}
