// Postgres alone, from Node over pooled TCP connections: the statements of a redirect miss and of
// a link creation (BEGIN, two INSERTs, COMMIT), with nothing in front of Postgres.
import type pg from "pg";
import { type FloorResult, postgresFloor } from "../../postgres-floor.ts";
import { codeOf, type LinkLayout } from "../link-layout.ts";
import { say } from "../log.ts";

function floorUnits(layout: LinkLayout, runId: string) {
  return {
    postgres_alone_select: (client: pg.PoolClient, index: number) =>
      client.query('select "original_url" from "urls" where "short_code" = $1 and "is_active" = true limit 1', [
        codeOf(index % layout.links),
      ]),
    postgres_alone_create: async (client: pg.PoolClient, index: number) => {
      await client.query("BEGIN");
      await client.query("INSERT INTO urls (short_code, original_url) VALUES ($1, $2)", [
        `pf${runId.slice(-6)}${index}`,
        `https://example.com/floor/${index}`,
      ]);
      await client.query(
        "INSERT INTO events (url_id, event_type, details) VALUES (currval(pg_get_serial_sequence('urls', 'id')), 'created', '{}')",
      );
      await client.query("COMMIT");
    },
  };
}

export async function measurePostgresFloors(options: {
  databaseUrl: string;
  layout: LinkLayout;
  runId: string;
  chosen: (name: string) => boolean;
  connections: number;
  durationSeconds: number;
}): Promise<Record<string, FloorResult>> {
  const floors: Record<string, FloorResult> = {};
  for (const [name, unit] of Object.entries(floorUnits(options.layout, options.runId))) {
    if (!options.chosen(name)) continue;
    say(`${name}: ${options.durationSeconds}s from ${options.connections} clients on a pool of 16 connections`);
    floors[name] = await postgresFloor(options.databaseUrl, options.connections, options.durationSeconds, unit);
  }
  return floors;
}
