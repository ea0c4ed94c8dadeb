// The response shapes of /workspaces: what the serialisers build and the OpenAPI document states.
import { z } from "@hono/zod-openapi";
import { ACTOR_KINDS } from "../domain/audit-actor";
import { WORKSPACE_KINDS, WORKSPACE_ROLES } from "../domain/workspace-roles";

export const WorkspaceSchema = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ example: "Marketing" }),
    kind: z
      .enum(WORKSPACE_KINDS)
      .openapi({ description: "personal (one per user), team, or operator (links without an owner)" }),
    personal_user_id: z.number().int().nullable().openapi({ description: "Whose personal workspace it is" }),
    members: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Workspace");

export const MemberSchema = z
  .object({
    user_id: z.number().int(),
    username: z.string(),
    email: z.string(),
    role: z.enum(WORKSPACE_ROLES),
    created_at: z.string().openapi({ description: "When they joined" }),
    updated_at: z.string(),
  })
  .openapi("Member");

export const AuditEventSchema = z
  .object({
    id: z.number().int(),
    action: z.string().openapi({ example: "member.role_changed" }),
    url_id: z.number().int().nullable().openapi({ description: "The link, for a link's event" }),
    actor: z.object({
      kind: z.enum(ACTOR_KINDS).nullable().openapi({ description: "null: recorded before workspaces" }),
      user_id: z.number().int().nullable(),
      key_id: z.number().int().nullable(),
    }),
    details: z.unknown(),
    timestamp: z.string(),
  })
  .openapi("AuditEvent");

export const AuditPageSchema = z
  .object({
    events: z.array(AuditEventSchema),
    next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next (older) page" }),
  })
  .openapi("AuditPage");

export type WorkspaceResponse = z.infer<typeof WorkspaceSchema>;
export type MemberResponse = z.infer<typeof MemberSchema>;
export type AuditEventResponse = z.infer<typeof AuditEventSchema>;
