// Every plain link's cached record in Redis under the run's key prefix, so the redis-only variant
// answers from Redis (the Redis-hit scenario) instead of filling from Postgres as it goes.
import { Redis } from "ioredis";
import { plainLinkRecord } from "../../../worker/domain/link-record.ts";
import type { Cleanups } from "./cleanups.ts";
import { BROKEN_SET, BROKEN_START, codeOf, destinationOf, HOT_SET, type LinkLayout } from "./link-layout.ts";
import { say } from "./log.ts";

export async function fillRedis(options: {
  redisUrl: string;
  keyPrefix: string;
  layout: LinkLayout;
  cleanups: Cleanups;
}): Promise<void> {
  const { keyPrefix, layout } = options;
  say("filling Redis with every link (for the Redis-hit scenario)");
  const redis = new Redis(options.redisUrl);
  options.cleanups.push(async () => {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 5_000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  });
  for (let start = 0; start < layout.links; start += 10_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(start + 10_000, layout.links); i++) {
      // The bench's plain links; the lifecycle and capped ones are left to fill from Postgres.
      if ((i >= HOT_SET && i < BROKEN_START + BROKEN_SET) || i >= layout.protectedStart) continue;
      const record = plainLinkRecord(i + 1, destinationOf(i));
      pipeline.set(`${keyPrefix}link:${codeOf(i)}`, JSON.stringify(record), "EX", 3600);
    }
    await pipeline.exec();
  }
}
