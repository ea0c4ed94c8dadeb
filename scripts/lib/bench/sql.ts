// One statement on a connection of its own: the set-up runs a handful of long statements, some
// against the admin database and some against the bench's, so a pool would only have to be closed.
import pg from "pg";

export async function sql(url: string, statement: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(statement, params);
  } finally {
    await client.end();
  }
}
