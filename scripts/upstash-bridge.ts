// Runs the Upstash REST bridge as its own process:
//   node scripts/upstash-bridge.ts --port 8079 --redis redis://127.0.0.1:6379 --token TOKEN [--host 127.0.0.1]
// (The bench runs it apart from the load generator so the two do not share one event loop; the
// docker-compose stack runs it as its upstash-bridge service, with --host 0.0.0.0.)
import { parseArgs } from "node:util";
import { startUpstashBridge } from "./lib/upstash-bridge.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8079" },
    host: { type: "string", default: "127.0.0.1" },
    redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
    token: { type: "string", default: process.env.UPSTASH_REDIS_REST_TOKEN ?? "" },
  },
});
if (!values.token) {
  console.error("--token (or UPSTASH_REDIS_REST_TOKEN) is required");
  process.exit(2);
}
const bridge = await startUpstashBridge({
  redisUrl: values.redis,
  token: values.token,
  port: Number(values.port),
  host: values.host,
});
console.log(`upstash bridge listening on ${bridge.url} → ${values.redis}`);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
