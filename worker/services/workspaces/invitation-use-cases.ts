// Invitations by email: an admin invites an address with a role (an owner only by an owner); the mail
// carries a single-use link valid for 7 days; the person signed in with that address accepts it.
import type { WorkspaceInvitationRow } from "../../../db/schema";
import { emailEnabled } from "../../config/alert-config";
import { mayChangeRole, type WorkspaceRole } from "../../domain/workspace-roles";
import { AppError, badRequest, conflict, forbidden, notFound, unauthorizedError } from "../../lib/errors";
import { log } from "../../observability/logger";
import { countAuthEvent } from "../../observability/metrics/auth-events";
import { newSecret, SECRET_SHAPE, secretHash } from "../auth/session-tokens";
import { signInOrigin } from "../auth/sign-in-link";
import { sendEmail } from "../mail/send-email";
import { actorOf, type ServiceContext } from "../service-context";
import {
  acceptInvitation,
  insertInvitation,
  isMemberEmail,
  listPendingInvitations,
  revokeInvitation,
} from "./invitation-store";
import { forgetMembership } from "./membership-cache";
import { readWorkspace, standingFor } from "./workspace-use-cases";

export const INVITATION_DAYS = 7;

function composeInvitationEmail(workspaceName: string, role: WorkspaceRole, link: string) {
  return {
    subject: `You are invited to ${workspaceName} on Linkscope`,
    text: [
      `You are invited to join the workspace "${workspaceName}" on Linkscope as ${role === "admin" ? "an" : "a"} ${role}.`,
      "",
      `Open this link within ${INVITATION_DAYS} days, sign in with this email address, and press "Accept":`,
      link,
      "",
      "If you did not expect it, ignore this email.",
    ].join("\n"),
  };
}

/** POST /workspaces/{id}/invitations: mails a single-use invitation to join with `role`. */
export async function inviteMember(
  ctx: ServiceContext,
  workspaceId: number,
  email: string,
  role: WorkspaceRole,
  requestOrigin: string,
): Promise<WorkspaceInvitationRow> {
  const standing = await standingFor(ctx, workspaceId, "administer");
  if (standing.kind === "member" && !mayChangeRole(standing.role, { from: undefined, to: role })) {
    throw forbidden("only an owner may invite an owner");
  }
  const workspace = await readWorkspace(ctx, workspaceId);
  // A personal workspace is its person's alone: a team is made for people to share (POST /workspaces).
  if (workspace.kind === "personal") {
    throw conflict("a personal workspace has no other members: invite people to a team workspace");
  }
  if (!emailEnabled({ ...ctx.config, ALERT_EMAIL_TO: email })) {
    throw new AppError("SERVICE_UNAVAILABLE", "invitations need SMTP_HOST: the relay that sends them");
  }
  const origin = signInOrigin(ctx.config, requestOrigin);
  if (await isMemberEmail(ctx.database(), workspaceId, email)) throw conflict("that address is already a member");
  const token = newSecret();
  const invitation = await insertInvitation(ctx.transactionalDatabase(), {
    workspaceId,
    email,
    role,
    tokenHash: await secretHash(token),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    actor: actorOf(ctx),
  });
  const link = `${origin}/invitations/accept?token=${token}`;
  ctx.defer(async () => {
    try {
      await sendEmail({ ...ctx.config, ALERT_EMAIL_TO: email }, composeInvitationEmail(workspace.name, role, link));
      countAuthEvent("invitation", "ok");
    } catch (error) {
      countAuthEvent("invitation", "failed");
      log("warn", "invitation_email_failed", { request_id: ctx.requestId, error: String(error) });
    }
  });
  return invitation;
}

export async function readInvitations(ctx: ServiceContext, workspaceId: number) {
  await standingFor(ctx, workspaceId, "administer");
  return listPendingInvitations(ctx.database(), workspaceId);
}

export async function revokeInvitationFor(ctx: ServiceContext, workspaceId: number, id: number): Promise<void> {
  await standingFor(ctx, workspaceId, "administer");
  if (!(await revokeInvitation(ctx.transactionalDatabase(), workspaceId, id, actorOf(ctx)))) {
    throw notFound("invitation not found");
  }
}

/** POST /invitations/accept: the signed-in person joins, when the invitation is addressed to them. */
export async function acceptInvitationFor(ctx: ServiceContext, token: string) {
  const principal = ctx.principal;
  if (principal.kind !== "person") throw unauthorizedError("accepting an invitation needs you signed in (a session)");
  if (!SECRET_SHAPE.test(token)) throw badRequest("token: not an invitation token");
  const outcome = await acceptInvitation(ctx.database(), await secretHash(token), principal.userId);
  if (outcome.kind !== "accepted") countAuthEvent("invitation_accepted", "refused");
  if (outcome.kind === "not_for_you") {
    throw forbidden("this invitation is for another address: sign in with the address it was sent to");
  }
  if (outcome.kind === "invalid") throw notFound("invitation not found, used, revoked or expired");
  countAuthEvent("invitation_accepted", "ok");
  // A "not a member" this isolate cached (they tried the workspace before) must not outlive joining it.
  forgetMembership(outcome.workspaceId, principal.userId);
  return { workspaceId: outcome.workspaceId, role: outcome.role, added: outcome.added };
}
