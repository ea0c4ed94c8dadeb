// A person who owns the hot links, with an API key and a signed-in session: the same GET /urls/{id}
// made with either credential (api_get_url_key, api_get_url_session). Fixed secrets: the bench's own
// database only, dropped after the run.
import { sha256Hex } from "../../../worker/lib/hex-digest.ts";
import { HOT_SET } from "./link-layout.ts";
import { sql } from "./sql.ts";

const KEY_PREFIX = "lsk_be0c0ffee0";
export const BENCH_API_KEY = `${KEY_PREFIX}_${"k".repeat(43)}`;
const SESSION_SECRET = "s".repeat(43);
/** The Cookie header of the bench person's session (http: the plain cookie name). */
export const BENCH_SESSION_COOKIE = `ls_session=${SESSION_SECRET}`;

/**
 * Makes the person and their credentials; answers the id of the workspace that holds the rest of the
 * links (about 100,000), where the person is a viewer: app_links_page and api_list_urls_session read it.
 */
export async function createBenchCredentials(databaseUrl: string): Promise<number> {
  const {
    rows: [user],
  } = await sql(
    databaseUrl,
    "INSERT INTO users (username, email) VALUES ('bench-owner', 'bench-owner@example.com') RETURNING id",
  );
  if (!user) throw new Error("bench user not created");
  // The hot links become the person's (each follows them into their personal workspace).
  await sql(databaseUrl, "UPDATE urls SET user_id = $1 WHERE id <= $2", [user.id, HOT_SET]);
  await sql(databaseUrl, "INSERT INTO api_keys (user_id, prefix, key_hash, name) VALUES ($1, $2, $3, 'bench')", [
    user.id,
    KEY_PREFIX,
    await sha256Hex(BENCH_API_KEY),
  ]);
  await sql(
    databaseUrl,
    "INSERT INTO sessions (secret_hash, user_id, expires_at, user_agent) VALUES ($1, $2, now() + interval '1 day', 'bench')",
    [await sha256Hex(SESSION_SECRET), user.id],
  );
  const {
    rows: [member],
  } = await sql(
    databaseUrl,
    `INSERT INTO workspace_members (workspace_id, user_id, role)
     SELECT workspace_id, $1, 'viewer' FROM urls WHERE id = (SELECT max(id) FROM urls WHERE domain_id IS NULL)
     RETURNING workspace_id`,
    [user.id],
  );
  if (!member) throw new Error("bench membership not created");
  return Number(member.workspace_id);
}

/**
 * Both credentials really authenticate: with keys optional (as the bench runs), a refused credential
 * would silently read as the open API and the two scenarios would measure nothing of authentication.
 */
export async function verifyBenchCredentials(origin: string): Promise<void> {
  const me = await fetch(`${origin}/me`, { headers: { Cookie: BENCH_SESSION_COOKIE } });
  const workspaces = await fetch(`${origin}/workspaces`, { headers: { Authorization: `Bearer ${BENCH_API_KEY}` } });
  const owned = (await workspaces.json()) as unknown[];
  if (me.status !== 200 || workspaces.status !== 200 || owned.length !== 1) {
    throw new Error(`bench credentials refused: /me ${me.status}, /workspaces ${workspaces.status} (${owned.length})`);
  }
  await me.body?.cancel();
}
