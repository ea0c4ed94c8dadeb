import { describe, expect, it } from "vitest";
import { userAgentClass } from "../../worker/observability/user-agent-class";

describe("userAgentClass", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36", "browser"],
    ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot"],
    ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "preview"],
    ["facebookexternalhit/1.1", "preview"],
    ["curl/8.5.0", "cli"],
    ["python-requests/2.32.0", "library"],
    ["", "none"],
    [null, "none"],
    ["something else entirely", "other"],
    // Fediverse servers unfurl every link of a post they receive.
    ["http.rb/5.1.1 (Mastodon/4.2.10; +https://mastodon.social/)", "preview"],
    ["Misskey/2024.8.0 (https://misskey.io)", "preview"],
    ["Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)", "preview"],
    ["Pleroma 2.6.2; https://pleroma.example <admin@pleroma.example>", "preview"],
    // Browser-looking crawlers that only isbot's list knows.
    [
      "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.84 Mobile Safari/537.36 (compatible; GoogleOther)",
      "bot",
    ],
    ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "bot"],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "browser",
    ],
  ])("%j is %s", (agent, expected) => {
    expect(userAgentClass(agent)).toBe(expected);
  });
});
