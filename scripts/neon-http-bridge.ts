// Runs the Neon HTTP bridge as its own process:
//   node scripts/neon-http-bridge.ts --port 8078 [--max-connections 10]
// The worker's NEON_FETCH_ENDPOINT is then http://127.0.0.1:8078/sql. (The bench runs it apart
// from the load generator so the two do not share one event loop.)
import { parseArgs } from "node:util";
import { startNeonHttpBridge } from "./lib/neon-http/bridge.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8078" },
    "max-connections": { type: "string", default: "10" },
  },
});
const bridge = await startNeonHttpBridge({
  port: Number(values.port),
  maxConnections: Number(values["max-connections"]),
});
console.log(`neon http bridge listening on ${bridge.url}`);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
