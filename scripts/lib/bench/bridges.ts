// The local services between workerd and the databases, as in `npm run dev`: the WebSocket proxy
// to Postgres, the Neon HTTP bridge, the Upstash REST bridge to Redis, and the trivial server the
// one_fetch baseline fetches from.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../ports.ts";
import { waitForPort } from "../raw-workerd.ts";
import { startWsProxy } from "../ws-proxy.ts";
import type { Cleanups } from "./cleanups.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface Bridges {
  wsProxyPort: number;
  neonBridgePort: number;
  oneFetchTargetPort: number;
  upstash: { url: string; token: string };
}

export async function startBridges(options: {
  adminUrl: string;
  redisUrl: string;
  cleanups: Cleanups;
}): Promise<Bridges> {
  const { cleanups } = options;
  const target = new URL(options.adminUrl);
  const proxy = await startWsProxy({ postgresHost: target.hostname, postgresPort: Number(target.port || 5432) });
  cleanups.push(() => proxy.close());
  // The bridges get processes of their own: sharing the load generator's event loop would make
  // the Redis and Postgres scenarios measure the load generator.
  /** Runs a helper script whose last argument is the port it listens on; resolves to that port. */
  const spawnHelper = async (script: string, scriptArgs: string[]) => {
    const port = await findFreePort();
    const child = spawn(process.execPath, [`${ROOT}${script}`, ...scriptArgs, String(port)], { stdio: "ignore" });
    cleanups.push(async () => child.kill("SIGTERM"));
    await waitForPort(port);
    return port;
  };
  const neonBridgePort = await spawnHelper("scripts/neon-http-bridge.ts", ["--max-connections", "16", "--port"]);
  const oneFetchTargetPort = await spawnHelper("scripts/lib/one-fetch-target.ts", []);
  const token = randomBytes(16).toString("hex");
  const upstashPort = await spawnHelper("scripts/upstash-bridge.ts", [
    "--redis",
    options.redisUrl,
    "--token",
    token,
    "--port",
  ]);
  return {
    wsProxyPort: proxy.port,
    neonBridgePort,
    oneFetchTargetPort,
    upstash: { url: `http://127.0.0.1:${upstashPort}`, token },
  };
}
