// A bounded class for a User-Agent: logs and click records carry the class, never the raw
// string (unbounded, and it can carry whatever a client chooses to put there).
export type UserAgentClass = "browser" | "bot" | "preview" | "cli" | "library" | "none" | "other";

import { isbot } from "isbot";
import { HeaderMemo } from "../domain/user-agent-traits";

// Link unfurlers fetch a link to show a preview card; they are not clicks by a person. The
// fediverse's are many: every Mastodon (or Misskey, Pleroma, ...) server that sees a post fetches
// its links, so one post brings hundreds of them within a minute.
const PREVIEW =
  /slackbot|twitterbot|facebookexternalhit|discordbot|telegrambot|whatsapp|linkedinbot|skypeuripreview|embedly|redditbot|applebot|iframely|vkshare|pinterest|mastodon|misskey|pleroma|akkoma|friendica|gotosocial|firefish|sharkey|cardyb/i;
const BOT = /bot\b|bot\/|crawler|spider|crawl|slurp|monitor|uptime|pingdom|headless|lighthouse|scanner/i;
const CLI = /^(curl|wget|httpie|xh|aria2)\//i;
const LIBRARY =
  /^(python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|axios|node-fetch|undici|got|ruby|php|libwww|postmanruntime|insomnia|k6|autocannon)/i;
const BROWSER = /^mozilla\/5\.0 /i;

function classify(userAgent: string): UserAgentClass {
  if (PREVIEW.test(userAgent)) return "preview";
  if (BOT.test(userAgent)) return "bot";
  if (CLI.test(userAgent)) return "cli";
  if (LIBRARY.test(userAgent)) return "library";
  // A browser-looking agent gets a second opinion: isbot's community-kept list of crawlers that
  // present themselves as browsers.
  if (BROWSER.test(userAgent)) return isbot(userAgent) ? "bot" : "browser";
  return "other";
}

// Every recorded click classifies its agent (isbot's pattern is large): once per distinct string.
const classes = new HeaderMemo<UserAgentClass>(classify);

export function userAgentClass(userAgent: string | null | undefined): UserAgentClass {
  return userAgent ? classes.get(userAgent) : "none";
}
