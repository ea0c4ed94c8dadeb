// The two local stand-ins for Neon's endpoints, started together in front of one Postgres: the HTTP
// bridge (Neon's SQL-over-HTTP protocol, which every query but the CSV import's takes) and the
// WebSocket proxy (the Pool, for the import's interactive transaction). The worker finds them
// through NEON_FETCH_ENDPOINT and NEON_WS_PROXY; in production both are empty and it talks to Neon.
import { type NeonHttpBridge, startNeonHttpBridge } from "./neon-http/bridge.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";

export interface DatabaseEndpoints {
  bridge: NeonHttpBridge;
  proxy: WsProxy;
  /** NEON_FETCH_ENDPOINT and NEON_WS_PROXY for a worker. */
  vars: { NEON_FETCH_ENDPOINT: string; NEON_WS_PROXY: string };
  /** false: the database "goes away" on both paths (fire drills, outage tests). */
  setReachable(reachable: boolean): void;
  close(): Promise<void>;
}

export interface DatabaseEndpointsOptions {
  /** In front of PGlite (one connection at a time). */
  embedded?: boolean;
  /** Where both listen (default 127.0.0.1; the compose stack's neon-endpoints service: 0.0.0.0). */
  host?: string;
  /** Their ports (default: any free ones). */
  httpPort?: number;
  wsPort?: number;
}

export async function startDatabaseEndpoints(databaseUrl: string, options: DatabaseEndpointsOptions = {}) {
  const target = new URL(databaseUrl);
  const host = options.host ?? "127.0.0.1";
  // PGlite is one backend that crosses the answers of concurrent clients: one connection at a time.
  const oneAtATime = options.embedded ? 1 : undefined;
  const proxy = await startWsProxy({
    listenHost: host,
    listenPort: options.wsPort,
    postgresHost: target.hostname,
    postgresPort: Number(target.port || 5432),
    maxUpstreamConnections: oneAtATime,
  });
  const bridge = await startNeonHttpBridge({ host, port: options.httpPort, maxConnections: oneAtATime }).catch(
    async (error: unknown) => {
      await proxy.close();
      throw error;
    },
  );
  const reachableHost = host === "0.0.0.0" ? "127.0.0.1" : host;
  const endpoints: DatabaseEndpoints = {
    bridge,
    proxy,
    vars: { NEON_FETCH_ENDPOINT: bridge.url, NEON_WS_PROXY: `${reachableHost}:${proxy.port}` },
    setReachable(reachable) {
      proxy.setReachable(reachable);
      bridge.setReachable(reachable);
    },
    close: async () => {
      await Promise.all([bridge.close(), proxy.close()]);
    },
  };
  return endpoints;
}
