// Sign-in tokens and sessions in Postgres: each change one statement (over HTTP), so a token is spent
// and its session made, with the sign-in's audit event, all or nothing.
import { and, desc, eq, getTableColumns, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type SessionRow, sessions, signInTokens, users, workspaces } from "../../../db/schema";

/** The user with this address, whatever its case; the address as the account stores it. */
export async function findUserByEmail(db: Database, email: string): Promise<{ id: number; email: string } | undefined> {
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  return row;
}

export async function insertSignInToken(db: Database, userId: number, tokenHash: string, expiresAt: Date) {
  await db.insert(signInTokens).values({ userId, tokenHash, expiresAt });
}

export interface NewSession {
  tokenHash: string;
  secretHash: string;
  expiresAt: Date;
  userAgent: string | null;
  /** The session this sign-in replaces (the browser's current one): revoked in the same statement. */
  replacesSecretHash: string | null;
}

/**
 * Spends the token (unused, unexpired) and opens its person's session, revoking the session it
 * replaces and writing `person.signed_in` to the person's personal workspace's audit log. Undefined
 * when the token is unknown, used or expired (nothing is written then).
 */
export async function openSessionWithToken(db: Database, session: NewSession): Promise<SessionRow | undefined> {
  const result = await db.execute<Record<string, unknown>>(sql`
    WITH spent AS (
      UPDATE sign_in_tokens SET used_at = now()
      WHERE token_hash = ${session.tokenHash} AND used_at IS NULL AND expires_at > now()
      RETURNING user_id
    ), replaced AS (
      UPDATE sessions SET revoked_at = now()
      WHERE secret_hash = ${session.replacesSecretHash} AND revoked_at IS NULL
        AND user_id IN (SELECT user_id FROM spent)
    ), opened AS (
      INSERT INTO sessions (secret_hash, user_id, expires_at, user_agent)
      SELECT ${session.secretHash}, user_id, ${session.expiresAt.toISOString()}::timestamptz, ${session.userAgent} FROM spent
      RETURNING *
    ), logged AS (
      INSERT INTO events (workspace_id, url_id, user_id, actor_kind, event_type, details)
      SELECT w.id, NULL, o.user_id, 'person', 'person.signed_in', json_build_object('session_id', o.id)::text
      FROM opened o JOIN workspaces w ON w.personal_user_id = o.user_id
    )
    SELECT id, user_id, created_at, last_seen_at, expires_at, revoked_at, user_agent FROM opened`);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    secretHash: session.secretHash,
    userId: Number(row.user_id),
    createdAt: new Date(String(row.created_at)),
    lastSeenAt: new Date(String(row.last_seen_at)),
    expiresAt: new Date(String(row.expires_at)),
    revokedAt: null,
    userAgent: (row.user_agent as string | null) ?? null,
  };
}

/**
 * The live session with this secret (not revoked, not past its absolute or idle expiry) and its
 * person's personal workspace: where their requests act unless they name another.
 */
export async function findLiveSession(
  db: Database,
  hash: string,
  idleHours: number,
): Promise<(SessionRow & { personalWorkspaceId: number }) | undefined> {
  const [row] = await db
    .select({ ...getTableColumns(sessions), personalWorkspaceId: workspaces.id })
    .from(sessions)
    .innerJoin(workspaces, eq(workspaces.personalUserId, sessions.userId))
    .where(
      and(
        eq(sessions.secretHash, hash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(hours => ${idleHours})`),
      ),
    )
    .limit(1);
  return row;
}

/** Moves the idle expiry forward (the caller does it at most once a minute per session). */
export async function touchSession(db: Database, id: number): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id));
}

/** The person's sessions that still count (live or not yet purged), newest first. */
export function listLiveSessions(db: Database, userId: number, idleHours: number): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(hours => ${idleHours})`),
      ),
    )
    .orderBy(desc(sessions.id));
}

/** Revokes one of the person's sessions, or all of them; answers the secret hashes revoked. */
export async function revokeSessions(db: Database, userId: number, id?: number): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), id === undefined ? undefined : eq(sessions.id, id)),
    )
    .returning({ secretHash: sessions.secretHash });
  return rows.map((row) => row.secretHash);
}
