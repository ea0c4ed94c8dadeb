// The bench's own database: N plain links (bn0000001 → https://example.com/bench/1, ...), then
// each kind of link the redirect scenarios need set on its range of ids (see link-layout.ts).
import { hashPassword } from "../../../worker/domain/link-password.ts";
import { applyMigrations } from "../migrate.ts";
import { benchRules } from "./bench-rules.ts";
import type { Cleanups } from "./cleanups.ts";
import { createBenchCredentials } from "./credentials.ts";
import {
  BENCH_DOMAIN,
  BROKEN_SET,
  BROKEN_START,
  CAPPED_SET,
  CAPPED_START,
  FORWARDING_SET,
  HOT_SET,
  type LinkLayout,
  PROTECTED_SET,
  RULES_SET,
  RULES_START,
} from "./link-layout.ts";
import { say } from "./log.ts";
import { BENCH_PASSWORD } from "./protected-links.ts";
import { sql } from "./sql.ts";

export async function createBenchDatabase(options: {
  adminUrl: string;
  databaseName: string;
  databaseUrl: string;
  layout: LinkLayout;
  cleanups: Cleanups;
}): Promise<{ largeWorkspaceId: number }> {
  const { adminUrl, databaseName, databaseUrl, layout } = options;
  say(`creating ${databaseName} with ${layout.links} links`);
  await sql(adminUrl, `CREATE DATABASE "${databaseName}"`);
  options.cleanups.push(() => sql(adminUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`));
  await applyMigrations(databaseUrl);
  await sql(
    databaseUrl,
    `INSERT INTO urls (short_code, original_url)
     SELECT 'bn' || lpad(i::text, 7, '0'), 'https://example.com/bench/' || i FROM generate_series(1, $1::int) AS i`,
    [layout.links],
  );
  // Links with every lifecycle setting and UTM tags (the forwarding scenario), and capped ones
  // (each click reserved with the link's Durable Object); caps far beyond what a run can spend.
  await sql(
    databaseUrl,
    `UPDATE urls SET valid_since = now() - interval '1 day', expires_at = now() + interval '1 day',
       expired_url = 'https://example.com/over', utm = '{"source":"bench","medium":"load","campaign":"forwarding"}'
     WHERE id > $1 AND id <= $2`,
    [HOT_SET, HOT_SET + FORWARDING_SET],
  );
  await sql(databaseUrl, "UPDATE urls SET max_clicks = 1000000000 WHERE id > $1 AND id <= $2", [
    CAPPED_START,
    CAPPED_START + CAPPED_SET,
  ]);
  await sql(databaseUrl, "UPDATE urls SET rules = $3::jsonb WHERE id > $1 AND id <= $2", [
    RULES_START,
    RULES_START + RULES_SET,
    JSON.stringify(benchRules()),
  ]);
  await sql(
    databaseUrl,
    `UPDATE urls SET health_state = 'broken', fallback_url = 'https://example.com/fallback/' || id,
       utm = '{"source":"bench","campaign":"fallback"}' WHERE id > $1 AND id <= $2`,
    [BROKEN_START, BROKEN_START + BROKEN_SET],
  );
  await sql(databaseUrl, "UPDATE urls SET password_hash = $3 WHERE id > $1 AND id <= $2", [
    layout.protectedStart,
    layout.protectedStart + PROTECTED_SET,
    await hashPassword(BENCH_PASSWORD),
  ]);
  await sql(
    databaseUrl,
    `INSERT INTO domains (workspace_id, hostname, state, provider, ownership, certificate, txt_name, txt_value,
       cname_target, verified_at)
     SELECT workspace_id, $1::text, 'active', 'none', 'verified', 'none', '_linkscope-challenge.' || $1::text, 'bench',
       'bench.example', now() FROM urls WHERE id = 1`,
    [BENCH_DOMAIN],
  );
  await sql(
    databaseUrl,
    `INSERT INTO urls (short_code, original_url, domain_id, workspace_id)
     SELECT u.short_code, 'https://example.com/bench-domain/' || u.id, d.id, d.workspace_id
     FROM urls u CROSS JOIN domains d WHERE d.hostname = $1 AND u.id <= $2 ORDER BY u.id`,
    [BENCH_DOMAIN, HOT_SET],
  );
  const largeWorkspaceId = await createBenchCredentials(databaseUrl);
  await sql(databaseUrl, "ANALYZE urls");
  return { largeWorkspaceId };
}
