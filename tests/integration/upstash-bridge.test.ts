// The local Upstash REST bridge, exercised with the real @upstash/redis client (the same client
// and options family the worker uses): `npm run dev` and the docker-compose stack (service upstash-bridge) both run it.

import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, it } from "vitest";
import { unique } from "../harness";

const client = (token = env.UPSTASH_REDIS_REST_TOKEN ?? "") =>
  new Redis({ url: env.UPSTASH_REDIS_REST_URL, token, retry: false, enableTelemetry: false });

const key = (name: string) => `${env.REDIS_KEY_PREFIX}bridge:${unique(name)}`;

describe("Upstash REST bridge", () => {
  it("round-trips strings (unicode too) and JSON values through base64 encoding", async () => {
    const redis = client();
    const [a, b] = [key("a"), key("b")];
    expect(await redis.set(a, "héllo → 世界", { ex: 60 })).toBe("OK");
    expect(await redis.get(a)).toBe("héllo → 世界");
    await redis.set(b, { nested: [1, "two"] }, { ex: 60 });
    expect(await redis.get(b)).toEqual({ nested: [1, "two"] });
    expect(await redis.get(key("missing"))).toBeNull();
  });

  it("answers integers, NX conditions, hashes and deletes", async () => {
    const redis = client();
    const [counter, hash, cond] = [key("n"), key("h"), key("c")];
    expect(await redis.incr(counter)).toBe(1);
    expect(await redis.incrby(counter, 5)).toBe(6);
    expect(await redis.set(cond, "first", { nx: true, ex: 60 })).toBe("OK");
    expect(await redis.set(cond, "second", { nx: true, ex: 60 })).toBeNull();
    await redis.hset(hash, { f1: "v1", f2: "v2" });
    expect(await redis.hget(hash, "f1")).toBe("v1");
    expect(await redis.hgetall(hash)).toEqual({ f1: "v1", f2: "v2" });
    expect(await redis.del(counter, hash, cond)).toBe(3);
  });

  it("runs pipelines and transactions", async () => {
    const redis = client();
    const [x, y] = [key("x"), key("y")];
    const piped = await redis.pipeline().set(x, "1").incr(x).get(x).exec();
    expect(piped).toEqual(["OK", 2, 2]);
    const atomic = await redis.multi().set(y, "a").append(y, "b").get(y).exec();
    expect(atomic).toEqual(["OK", 2, "ab"]);
    await redis.del(x, y);
  });

  it("runs Lua scripts", async () => {
    const redis = client();
    const k = key("lua");
    const result = await redis.eval(
      "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])",
      [k],
      ["v"],
    );
    expect(result).toBe("v");
    await redis.del(k);
  });

  it("reports Redis errors as errors", async () => {
    const redis = client();
    const k = key("str");
    await redis.set(k, "not a number", { ex: 60 });
    await expect(redis.incr(k)).rejects.toThrow(/not an integer/);
  });

  it("refuses a wrong token", async () => {
    await expect(client("wrong-token").get(key("any"))).rejects.toThrow(/Unauthorized/);
  });
});
