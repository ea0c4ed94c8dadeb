import { describe, expect, it } from "vitest";
import { callWorker, createUrl, get } from "../harness";

interface Stats {
  total: number;
  by_day: { day: string; clicks: number }[];
  by_referrer: { referrer: string | null; clicks: number }[];
  by_device: { device: string; clicks: number }[];
  by_class: { class: string; clicks: number }[];
}

async function statsWhen(urlId: number, total: number): Promise<Stats> {
  const deadline = Date.now() + 20_000;
  let last: Stats | undefined;
  while (Date.now() < deadline) {
    last = (await get<Stats>(`/urls/${urlId}/stats`)).body;
    if (last.total >= total) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`clicks never reached ${total}: ${JSON.stringify(last)}`);
}

const redirect = async (code: string, init: RequestInit = {}) => {
  const { response, settled } = await callWorker(`/${code}`, init);
  expect(response.status).toBe(302);
  await settled();
};

describe("clicks", () => {
  it("every redirect becomes one stored click, classified, through the queue", async () => {
    const url = await createUrl();
    await redirect(url.short_code, {
      headers: { Referer: "https://news.example.com/a", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64)" },
    });
    await redirect(url.short_code, {
      headers: { Referer: "https://news.example.com/b", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64)" },
    });
    await redirect(url.short_code, { method: "HEAD" });
    await redirect(url.short_code, { headers: { "User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)" } });
    await redirect(url.short_code, { headers: { "User-Agent": "Slackbot-LinkExpanding 1.0" } });
    const stats = await statsWhen(url.id, 5);
    expect(stats.total).toBe(5);
    expect(stats.by_day).toEqual([{ day: new Date().toISOString().slice(0, 10), clicks: 5 }]);
    expect(stats.by_referrer).toContainEqual({ referrer: "news.example.com", clicks: 2 });
    expect(Object.fromEntries(stats.by_class.map((row) => [row.class, row.clicks]))).toEqual({
      human: 2,
      head: 1,
      bot: 1,
      preview: 1,
    });
    expect(stats.by_device).toContainEqual({ device: "desktop", clicks: 2 });
  });

  it("stats of an unknown url are a 404", async () => {
    expect((await get("/urls/2000000000/stats")).status).toBe(404);
  });
});
