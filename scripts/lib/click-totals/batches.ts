// The input of scripts/measure-click-totals.ts: consumer batches summed per link the way the consumer
// sums them for click_totals (worker/services/clicks/click-aggregates.ts): every count column of the
// table and the breakdowns. Seeded, so each design gets the very same batches, run after run.
import { seededRandom } from "../seeded-random.ts";
import { zipfSampler } from "../zipf.ts";

/** Clicks in a batch (100 messages of 100 clicks) and the links a Zipf batch picks from, as the bench. */
export const BATCH_CLICKS = 10_000;
export const LINKS = 100_000;

/** What one link's click_totals row gains from a batch (db/schema/click-rollups.ts). */
export interface LinkTotals {
  urlId: number;
  clicks: number;
  human: number;
  bot: number;
  preview: number;
  head: number;
  prefetch: number;
  unique: number;
  breakdowns: Record<string, Record<string, number>>;
}

export type Load = "zipf" | "viral";

// Made-up but plausible values: enough distinct keys that a merge of breakdowns has work to do. The
// first entries are the likeliest (each pick is a power of a uniform number, skewed to the front).
const CLASSES = [
  ["human", 0.78],
  ["bot", 0.15],
  ["preview", 0.04],
  ["head", 0.02],
  ["prefetch", 0.01],
] as const;
const VALUES: Record<string, string[]> = {
  country: ["US", "DE", "GB", "FR", "IN", "BR", "JP", "CA", "NL", "ES", "IT", "PL", "SE", "AU", "MX", "", "KR", "TR"],
  device: ["desktop", "mobile", "tablet", "bot", "unknown"],
  browser: ["Chrome", "Safari", "Firefox", "Edge", "Samsung Internet", "Opera", ""],
  os: ["Windows", "iOS", "Android", "macOS", "Linux", ""],
  referrer: ["", "t.co", "www.google.com", "news.ycombinator.com", "www.reddit.com", "l.facebook.com", "lnkd.in"],
  source: ["", "newsletter", "twitter", "qr", "ads"],
  rule: ["", "", "", "0", "1"],
};

function pick<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() ** 2 * values.length)] as T;
}

function addClick(totals: LinkTotals, random: () => number): void {
  const roll = random();
  let below = 0;
  const kind =
    CLASSES.find(([, share]) => {
      below += share;
      return roll < below;
    })?.[0] ?? "human";
  totals.clicks += 1;
  totals[kind] += 1;
  if (kind === "human" && random() < 0.6) totals.unique += 1;
  for (const [dimension, values] of Object.entries(VALUES)) {
    const counts = totals.breakdowns[dimension] ?? {};
    const key = pick(values, random);
    counts[key] = (counts[key] ?? 0) + 1;
    totals.breakdowns[dimension] = counts;
  }
}

const emptyTotals = (urlId: number): LinkTotals => ({
  urlId,
  clicks: 0,
  human: 0,
  bot: 0,
  preview: 0,
  head: 0,
  prefetch: 0,
  unique: 0,
  breakdowns: {},
});

/**
 * `count` batches of BATCH_CLICKS clicks, each summed per link and ordered by link id (as the consumer
 * orders them, so two batches lock rows in the same order). zipf: Zipf s=1.07 over LINKS links (link
 * id = rank + 1); viral: every click on link 1.
 */
export function makeBatches(load: Load, count: number, seed: number): LinkTotals[][] {
  const random = seededRandom(seed);
  const nextLink = load === "zipf" ? zipfSampler(LINKS, 1.07, random) : () => 0;
  return Array.from({ length: count }, () => {
    const byLink = new Map<number, LinkTotals>();
    for (let click = 0; click < BATCH_CLICKS; click++) {
      const urlId = nextLink() + 1;
      const totals = byLink.get(urlId) ?? emptyTotals(urlId);
      byLink.set(urlId, totals);
      addClick(totals, random);
    }
    return [...byLink.values()].sort((a, b) => a.urlId - b.urlId);
  });
}

/** Distinct Zipf links among `clicks` clicks: the rows a minute of that many clicks leaves to flush. */
export function distinctZipfLinks(clicks: number, seed: number): number {
  const random = seededRandom(seed);
  const nextLink = zipfSampler(LINKS, 1.07, random);
  const seen = new Set<number>();
  for (let click = 0; click < clicks; click++) seen.add(nextLink());
  return seen.size;
}
