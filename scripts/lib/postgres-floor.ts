// The benchmark's Postgres floors: the statements a tier sends, run straight from Node over a pool
// of plain TCP connections (no worker, no HTTP, no bridge), as fast as `connections` clients can.
// What the Postgres path could reach on this machine if everything in front of Postgres were free.
import pg from "pg";

export interface FloorResult {
  rps: number;
  errors: number;
}

/** Runs `unit` (one request's worth of statements, given a number no other unit gets) from `connections` loops for `seconds`. */
export async function postgresFloor(
  databaseUrl: string,
  connections: number,
  seconds: number,
  unit: (client: pg.PoolClient, index: number) => Promise<unknown>,
): Promise<FloorResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Math.min(connections, 16) });
  pool.on("error", () => {});
  let done = 0;
  let errors = 0;
  let issued = 0;
  const deadline = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const client = await pool.connect();
      let broken = false;
      try {
        await unit(client, issued++);
        done += 1;
      } catch {
        errors += 1;
        // A failed unit may leave a transaction open: the connection is not reused.
        broken = true;
      } finally {
        client.release(broken);
      }
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - startedAt) / 1000;
  await pool.end();
  return { rps: Math.round(done / elapsed), errors };
}
