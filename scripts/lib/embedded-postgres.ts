// PGlite (Postgres compiled to WASM) served on a local TCP port: the zero-setup database
// behind `npm run dev` when DATABASE_URL is not set. Data persists in dataDir.
//
// One process may open a data folder at a time (two would corrupt it), so the one that serves it
// writes `<dataDir>.lock` with its pid and port: a second dev server is refused with a plain
// message, and `npm run seed` finds the running one's port there. When the preferred port is taken
// by something else, a free one is used (and said).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { findFreePort, isPortOpen } from "./ports.ts";

export interface EmbeddedPostgres {
  url: string;
  host: string;
  port: number;
  /** Set when the preferred port was taken and another was used. */
  portNote?: string;
  stop(): Promise<void>;
}

// PGlite runs one backend; extra clients queue or fail, so keep the pool small.
const MAX_CONNECTIONS = 20;

const urlFor = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The port of the live process serving this data folder, if there is one. */
export function runningEmbeddedPostgres(dataDir: string): { pid: number; port: number; url: string } | undefined {
  const lockFile = `${dataDir}.lock`;
  if (!existsSync(lockFile)) return undefined;
  try {
    const { pid, port } = JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number; port: number };
    return alive(pid) ? { pid, port, url: urlFor(port) } : undefined;
  } catch {
    return undefined;
  }
}

export async function startEmbeddedPostgres(dataDir: string, preferredPort: number): Promise<EmbeddedPostgres> {
  const running = runningEmbeddedPostgres(dataDir);
  if (running) {
    throw new Error(
      `the embedded database in ${dataDir} is already served by process ${running.pid} on port ${running.port} (another npm run dev?): stop it, or set LINKSCOPE_DATA_DIR`,
    );
  }
  const taken = await isPortOpen(preferredPort);
  const port = taken ? await findFreePort() : preferredPort;
  mkdirSync(dataDir, { recursive: true });
  // pg_trgm: the trigram index behind GET /urls?q= (migration 0012).
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: MAX_CONNECTIONS });
  await server.start();
  const lockFile = `${dataDir}.lock`;
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, port }));
  return {
    url: urlFor(port),
    host: "127.0.0.1",
    port,
    ...(taken ? { portNote: `port ${preferredPort} was taken: using ${port}` } : {}),
    async stop() {
      rmSync(lockFile, { force: true });
      await server.stop();
      await db.close();
    },
  };
}
