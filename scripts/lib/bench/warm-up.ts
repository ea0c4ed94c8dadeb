// Fills the isolate caches before any measurement, so the isolate scenarios measure hits and not
// the first request of each link.
import { get } from "node:http";
import {
  BENCH_DOMAIN,
  codeOf,
  FORWARDING_SET,
  HOT_SET,
  type LinkLayout,
  RULES_SET,
  RULES_START,
} from "./link-layout.ts";
import { type BenchPorts, workerUrl } from "./worker-variants.ts";

const open = (port: number, index: number, headers?: Record<string, string>) =>
  fetch(`${workerUrl(port)}/${codeOf(index)}`, { redirect: "manual", headers });

/** A redirect on the bench's custom domain: fetch() may not set Host, node:http may. */
const openOnDomain = (port: number, index: number) =>
  new Promise<void>((resolve, reject) => {
    get({ host: "127.0.0.1", port, path: `/${codeOf(index)}`, headers: { host: BENCH_DOMAIN } }, (response) => {
      response.resume();
      response.on("end", () => resolve());
    }).on("error", reject);
  });

export async function warmIsolates(ports: BenchPorts, layout: LinkLayout, unlockCookies: string[]): Promise<void> {
  // Warm the isolate tier with the hot set (and the sampled variant with the lifecycle links).
  for (const port of [
    ports.full,
    ports.fullSampled,
    ports.fullNoMetrics,
    ports.fullSampledNoMetrics,
    ports.fullSampledClicks,
  ]) {
    for (let i = 0; i < HOT_SET; i++) await open(port, i);
  }
  for (let i = 0; i < HOT_SET; i++) await openOnDomain(ports.full, i);
  for (let i = HOT_SET; i < HOT_SET + FORWARDING_SET; i++) await open(ports.fullSampled, i);
  for (let i = RULES_START; i < RULES_START + RULES_SET; i++) await open(ports.fullSampled, i);
  for (const [offset, cookie] of unlockCookies.entries()) {
    await open(ports.fullSampled, layout.protectedStart + offset, { Cookie: cookie });
  }
}
