// The docker-compose stack's neon-endpoints service: the same two stand-ins for Neon's endpoints that
// `npm run dev` and the tests start (scripts/lib/database-endpoints.ts), in front of the Postgres
// that DATABASE_URL names, as a process of its own:
//   the HTTP bridge (Neon's SQL-over-HTTP protocol, every query)   http://HOST:NEON_HTTP_PORT/sql
//   the WebSocket proxy (the CSV import's transaction)              HOST:NEON_WS_PORT
// The worker's NEON_FETCH_ENDPOINT and NEON_WS_PROXY name them. Environment:
//   DATABASE_URL (required), NEON_ENDPOINTS_HOST (default 127.0.0.1; 0.0.0.0 in a container),
//   NEON_HTTP_PORT (default 4444), NEON_WS_PORT (default 4445)
import { startDatabaseEndpoints } from "./lib/database-endpoints.ts";

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65_535) {
    console.error(`${name} must be a port number`);
    process.exit(2);
  }
  return value;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set (the Postgres the endpoints stand in front of)");
  process.exit(2);
}
const host = process.env.NEON_ENDPOINTS_HOST || "127.0.0.1";
const endpoints = await startDatabaseEndpoints(databaseUrl, {
  host,
  httpPort: port("NEON_HTTP_PORT", 4444),
  wsPort: port("NEON_WS_PORT", 4445),
});
const target = new URL(databaseUrl);
console.log(
  `neon endpoints on ${host}: HTTP bridge :${endpoints.bridge.port}/sql, WebSocket proxy :${endpoints.proxy.port}` +
    ` → ${target.hostname}:${target.port || 5432}`,
);
const stop = () => void endpoints.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
