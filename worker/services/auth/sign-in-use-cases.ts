// Signing in by email: a link is mailed to a known address (the answer is the same for any address),
// the link's page signs in with a button (a POST: a mail scanner that fetches the link spends nothing),
// and the token buys one session. Sessions are listed and revoked by their person.
import { emailEnabled } from "../../config/alert-config";
import { AppError, badRequest, notFound, unauthorizedError } from "../../lib/errors";
import { log } from "../../observability/logger";
import { countAuthEvent } from "../../observability/metrics/auth-events";
import { sendEmail } from "../mail/send-email";
import type { ServiceContext } from "../service-context";
import { getUserOrThrow } from "../users/get-user";
import { hasPendingInvitation, insertInvitedUser } from "../workspaces/invitation-store";
import { listMemberships } from "../workspaces/workspace-store";
import { forgetSessions } from "./session-cache";
import {
  findUserByEmail,
  insertSignInToken,
  listLiveSessions,
  openSessionWithToken,
  revokeSessions,
} from "./session-store";
import { newSecret, SECRET_SHAPE, secretHash } from "./session-tokens";
import { composeSignInEmail, SIGN_IN_TOKEN_MINUTES, signInOrigin } from "./sign-in-link";

/**
 * POST /auth/email: mails a sign-in link when the address belongs to a user. Whatever the address,
 * the caller learns nothing: the same answer, and the mail goes after the response.
 */
export async function requestSignInLink(ctx: ServiceContext, email: string, requestOrigin: string): Promise<void> {
  if (!emailEnabled({ ...ctx.config, ALERT_EMAIL_TO: email })) {
    throw new AppError("SERVICE_UNAVAILABLE", "signing in by email needs SMTP_HOST: the relay that sends the links");
  }
  const origin = signInOrigin(ctx.config, requestOrigin);
  const user = (await findUserByEmail(ctx.database(), email)) ?? (await invitedUser(ctx, email));
  if (!user) {
    countAuthEvent("link_requested", "unknown");
    return;
  }
  const token = newSecret();
  await insertSignInToken(
    ctx.database(),
    user.id,
    await secretHash(token),
    new Date(Date.now() + SIGN_IN_TOKEN_MINUTES * 60_000),
  );
  countAuthEvent("link_requested", "ok");
  const link = `${origin}/auth/email/verify?token=${token}`;
  ctx.defer(async () => {
    try {
      // To the address the account holds, not as the request spelt it.
      await sendEmail({ ...ctx.config, ALERT_EMAIL_TO: user.email }, composeSignInEmail(link));
    } catch (error) {
      log("warn", "sign_in_email_failed", { request_id: ctx.requestId, error: String(error) });
    }
  });
}

/**
 * An address with no account but a pending invitation gets one now (named after the address), so its
 * person can sign in and accept. Two requests at once: the second finds the first's.
 */
async function invitedUser(ctx: ServiceContext, email: string) {
  if (!(await hasPendingInvitation(ctx.database(), email))) return undefined;
  try {
    return await insertInvitedUser(ctx.database(), email);
  } catch {
    return findUserByEmail(ctx.database(), email);
  }
}

export interface SignIn {
  /** The new session's cookie value (shown once, to the browser). */
  secret: string;
  sessionId: number;
  userId: number;
  expiresAt: Date;
}

/**
 * POST /auth/email/verify: spends the token for a session of its person, replacing the browser's
 * current session (rotation at sign-in). An unknown, used or expired token is one refusal.
 */
export async function signInWithToken(
  ctx: ServiceContext,
  token: string,
  userAgent: string | undefined,
  currentSecret: string | undefined,
): Promise<SignIn> {
  if (!SECRET_SHAPE.test(token)) throw badRequest("token: not a sign-in token");
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + ctx.config.SESSION_MAX_DAYS * 86_400_000);
  const replaces = currentSecret === undefined ? null : await secretHash(currentSecret);
  const session = await openSessionWithToken(ctx.database(), {
    tokenHash: await secretHash(token),
    secretHash: await secretHash(secret),
    expiresAt,
    userAgent: userAgent?.slice(0, 200) ?? null,
    replacesSecretHash: replaces,
  });
  if (!session) {
    countAuthEvent("sign_in", "refused");
    throw unauthorizedError("this sign-in link is unknown, used or expired: ask for a new one");
  }
  if (replaces) forgetSessions([replaces]);
  countAuthEvent("sign_in", "ok");
  return { secret, sessionId: session.id, userId: session.userId, expiresAt };
}

function personOf(ctx: ServiceContext) {
  const principal = ctx.principal;
  if (principal.kind !== "person") throw unauthorizedError("this needs a signed-in person (a session), not a key");
  return principal;
}

export async function readSessions(ctx: ServiceContext) {
  const person = personOf(ctx);
  const rows = await listLiveSessions(ctx.database(), person.userId, ctx.config.SESSION_IDLE_HOURS);
  return rows.map((row) => ({ ...row, current: row.id === person.sessionId }));
}

/** DELETE /auth/sessions/{id} (one of the person's), or every one of them (signing out everywhere). */
export async function revokeSessionsOf(ctx: ServiceContext, id?: number): Promise<number> {
  const person = personOf(ctx);
  const revoked = await revokeSessions(ctx.database(), person.userId, id);
  if (id !== undefined && revoked.length === 0) throw notFound("session not found");
  forgetSessions(revoked);
  countAuthEvent("session_revoked", "ok", revoked.length);
  return revoked.length;
}

/** POST /auth/sign-out: the current session ends. */
export function signOut(ctx: ServiceContext): Promise<number> {
  return revokeSessionsOf(ctx, personOf(ctx).sessionId);
}

/** GET /me: the person, their workspaces and roles, and the CSRF token their writes send. */
export async function readMe(ctx: ServiceContext) {
  const person = personOf(ctx);
  const [user, workspaces, sessions] = await Promise.all([
    getUserOrThrow(ctx.database(), person.userId),
    listMemberships(ctx.database(), person.userId),
    listLiveSessions(ctx.database(), person.userId, ctx.config.SESSION_IDLE_HOURS),
  ]);
  const session = sessions.find((row) => row.id === person.sessionId);
  if (!session) throw unauthorizedError("this session has ended: sign in again");
  return { user, workspaces, csrfToken: person.csrfToken, session };
}
