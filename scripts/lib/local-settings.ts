// Where the local tools find each other, from the environment with one set of defaults: the dev
// server (PORT), its control port, the embedded Postgres and the data folder. Read by `npm run
// dev`, `npm run services`, `npm run seed` and `npm run fire-drill` alike.
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface LocalSettings {
  port: number;
  controlPort: number;
  embeddedPostgresPort: number;
  dataDir: string;
}

export function localSettings(environment: NodeJS.ProcessEnv = process.env): LocalSettings {
  const port = Number(environment.PORT ?? 8787);
  return {
    port,
    controlPort: Number(environment.DEV_CONTROL_PORT ?? port + 1),
    embeddedPostgresPort: Number(environment.EMBEDDED_PG_PORT ?? 54329),
    dataDir: environment.LINKSCOPE_DATA_DIR ?? `${ROOT}.data`,
  };
}
