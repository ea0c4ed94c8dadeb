// Debian's Alertmanager on 127.0.0.1 (no clustering), for the end-to-end stack test.
import { startDaemon } from "./daemon.ts";

export const ALERTMANAGER_BINARY = "prometheus-alertmanager";

export interface Alertmanager {
  url: string;
  /** host:port, for Prometheus' alerting config. */
  address: string;
  /** Its log so far (for diagnostics). */
  log(): string;
  stop(): Promise<void>;
}

export async function startAlertmanager(configYaml: string): Promise<Alertmanager> {
  const daemon = await startDaemon({
    binary: ALERTMANAGER_BINARY,
    name: "alertmanager",
    configYaml,
    args: (dir) => [`--storage.path=${dir}/data`, "--cluster.listen-address="],
  });
  return { ...daemon, address: `127.0.0.1:${daemon.port}` };
}
