// PGlite (Postgres compiled to WASM) served on a local TCP port: the zero-setup database
// behind `npm run dev` when DATABASE_URL is not set. Data persists in dataDir.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

// PGlite runs one backend; extra clients queue or fail, so keep the pool small.
const MAX_CONNECTIONS = 20;

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: MAX_CONNECTIONS });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    host: "127.0.0.1",
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
