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
  ])("%j is %s", (agent, expected) => {
    expect(userAgentClass(agent)).toBe(expected);
  });
});
