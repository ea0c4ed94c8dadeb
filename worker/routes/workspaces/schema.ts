// The request and response shapes of /workspaces.
import { z } from "@hono/zod-openapi";
import { ACTOR_KINDS } from "../../domain/audit-actor";
import { SCOPES } from "../../domain/permissions";
import { WORKSPACE_ROLES } from "../../domain/workspace-roles";
import { CONTROL_CHARACTER } from "../../lib/control-characters";
import { parseRfc3339 } from "../../lib/time";
import { bodyId, IdParam, idParam, POSTGRES_MAX_INT, queryInt } from "../../lib/validation";
import { EMAIL_SHAPE } from "../../services/mail/email-shape";
import { errorResponse } from "../shared/responses";

export { AuditEventSchema, AuditPageSchema, MemberSchema, WorkspaceSchema } from "../../contracts/workspaces";

import { timeQuery } from "../../contracts/time-query";

export const WORKSPACE_NOT_FOUND = errorResponse("No such workspace (or not the key's)");
export const MEMBER_NOT_FOUND = errorResponse("No such workspace, user or member");
export const ROLE_REFUSED = errorResponse("The caller's role in the workspace does not allow it");
export const LAST_OWNER = errorResponse("The change would leave the workspace without an owner");

export const WorkspaceParams = z.object({ id: IdParam });
export const MemberParams = z.object({ id: IdParam, user_id: idParam("user_id") });

const Name = z
  .string({ error: (issue) => (issue.input === undefined ? "name is required" : "name must be a string") })
  .trim()
  .min(1, "name must not be empty")
  .max(100, "name must be at most 100 characters")
  .refine((value) => !CONTROL_CHARACTER.test(value), "name must not contain control characters")
  .openapi({ example: "Marketing" });

export const CreateWorkspaceBody = z
  .object(
    {
      name: Name,
      owner_user_id: bodyId("owner_user_id", "owner_user_id must be an integer")
        .optional()
        .openapi({ description: "The owner (admin key; a signed-in person owns what they create)" }),
    },
    { error: "name and owner_user_id are required" },
  )
  .strict()
  .openapi("CreateWorkspace");

export const RenameWorkspaceBody = z
  .object({ name: Name }, { error: "name is required" })
  .strict()
  .openapi("RenameWorkspace");

export const PutMemberBody = z
  .object(
    {
      role: z.enum(WORKSPACE_ROLES, {
        error: (issue) =>
          issue.input === undefined ? "role is required" : `role must be one of ${WORKSPACE_ROLES.join(", ")}`,
      }),
    },
    { error: "role is required" },
  )
  .strict()
  .openapi("PutMember");

export const InvitationParams = z.object({ id: IdParam, invitation_id: idParam("invitation_id") });

export const InvitationSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: z.enum(WORKSPACE_ROLES),
    created_at: z.string(),
    expires_at: z.string().openapi({ description: "7 days after it was sent" }),
  })
  .openapi("Invitation");

export const InviteBody = z
  .object(
    {
      email: z
        .string({ error: (issue) => (issue.input === undefined ? "email is required" : "email must be a string") })
        .trim()
        .max(255, "email must be at most 255 characters")
        .regex(EMAIL_SHAPE, "email is not a valid address"),
      role: z.enum(WORKSPACE_ROLES, {
        error: (issue) =>
          issue.input === undefined ? "role is required" : `role must be one of ${WORKSPACE_ROLES.join(", ")}`,
      }),
    },
    { error: "email and role are required" },
  )
  .strict()
  .openapi("Invite");

export const WorkspaceKeyBody = z
  .object(
    {
      name: z
        .string({ error: "name must be a string" })
        .max(255, "name must be at most 255 characters")
        .nullable()
        .optional(),
      scopes: z
        .array(z.enum(SCOPES, { error: `scopes: each must be one of ${SCOPES.join(", ")}` }), {
          error: (issue) => (issue.input === undefined ? "scopes is required" : "scopes must be an array"),
        })
        .min(1, "scopes must name at least one scope")
        .max(SCOPES.length, "scopes: each at most once")
        .refine((scopes) => new Set(scopes).size === scopes.length, "scopes: each at most once"),
      expires_at: z
        .string({ error: "expires_at must be an RFC 3339 time" })
        .transform((value, context) => {
          const time = parseRfc3339(value);
          if (time === undefined) {
            context.addIssue({ code: "custom", message: "expires_at must be an RFC 3339 time with an offset" });
            return z.NEVER;
          }
          return time;
        })
        .nullable()
        .optional()
        .openapi({ type: "string", example: "2027-06-30T00:00:00Z" }),
    },
    { error: "scopes is required" },
  )
  .strict()
  .openapi("CreateWorkspaceKey");

export const WorkspaceKeyParams = z.object({ id: IdParam, key_id: idParam("key_id") });

export const WorkspaceKeySchema = z
  .object({
    key: z.string().openapi({ description: "The key itself: shown this once, never again" }),
    id: z.number().int(),
    prefix: z.string(),
    workspace_id: z.number().int(),
    user_id: z.number().int().openapi({ description: "The person who made it (the admin key: the first owner)" }),
    name: z.string().nullable(),
    scopes: z.array(z.enum(SCOPES)),
    expires_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("WorkspaceKey");

/** A key as listed: never the key itself. */
export const ListedWorkspaceKeySchema = WorkspaceKeySchema.omit({ key: true })
  .extend({ last_used_at: z.string().nullable() })
  .openapi("ListedWorkspaceKey");

export const ListWorkspacesQuery = z.object({
  user_id: queryInt("user_id", 1, POSTGRES_MAX_INT).openapi({
    description: "Only the workspaces this user belongs to",
  }),
});

export const AuditQuery = z.object({
  actor_kind: z.enum(ACTOR_KINDS, { error: `actor_kind must be one of ${ACTOR_KINDS.join(", ")}` }).optional(),
  actor_user_id: queryInt("actor_user_id", 1, POSTGRES_MAX_INT),
  action: z.string().max(50, "action must be at most 50 characters").optional().openapi({ example: "member.added" }),
  from: timeQuery("from"),
  to: timeQuery("to"),
  cursor: z.string().max(100, "cursor is not one of ours").optional(),
  limit: queryInt("limit", 1, 200).openapi({ description: "Events per page, 1 to 200 (default 50)" }),
});
