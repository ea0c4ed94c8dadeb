// Runs the local DNS-over-HTTPS resolver (scripts/lib/dns-json-resolver.ts) as its own process:
//   node scripts/dns-resolver.ts --port 8053 [--host 127.0.0.1]
// The docker-compose stack runs it as its dns-resolver service (--host 0.0.0.0): the worker's
// DNS_RESOLVER_URL, so health checks and webhooks refuse names of the stack's private addresses.
import { parseArgs } from "node:util";
import { startDnsJsonResolver } from "./lib/dns-json-resolver.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8053" },
    host: { type: "string", default: "127.0.0.1" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error("--port must be a port number");
  process.exit(2);
}
const resolver = await startDnsJsonResolver({ host: values.host, port });
console.log(`DNS-over-HTTPS resolver listening on ${values.host}:${resolver.port}/dns-query`);
const stop = () => void resolver.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
