import type { ApiKeyRow, EventRow, WorkspaceInvitationRow } from "../../../db/schema";
import type { AuditEventResponse, MemberResponse, WorkspaceResponse } from "../../contracts/workspaces";
import { formatTimestamp } from "../../lib/time";
import type { MemberRow, WorkspaceWithCount } from "./workspace-store";

export function serializeWorkspace(row: WorkspaceWithCount): WorkspaceResponse {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    personal_user_id: row.personalUserId,
    members: row.members,
    created_at: formatTimestamp(row.createdAt),
    updated_at: formatTimestamp(row.updatedAt),
  };
}

export function serializeMember(row: MemberRow): MemberResponse {
  return {
    user_id: row.userId,
    username: row.username,
    email: row.email,
    role: row.role,
    created_at: formatTimestamp(row.createdAt),
    updated_at: formatTimestamp(row.updatedAt),
  };
}

function parsedDetails(details: string | null): unknown {
  if (details === null) return null;
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
}

export function serializeAuditEvent(row: EventRow): AuditEventResponse {
  return {
    id: row.id,
    action: row.eventType,
    url_id: row.urlId,
    actor: { kind: row.actorKind, user_id: row.userId, key_id: row.actorKeyId },
    details: parsedDetails(row.details),
    timestamp: formatTimestamp(row.timestamp),
  };
}

export function serializeInvitation(row: WorkspaceInvitationRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    created_at: formatTimestamp(row.createdAt),
    expires_at: formatTimestamp(row.expiresAt),
  };
}

/** A workspace's key as the API shows it: never the key itself or its hash. */
export function serializeWorkspaceKey(row: ApiKeyRow) {
  return {
    id: row.id,
    prefix: row.prefix,
    workspace_id: row.workspaceId,
    user_id: row.userId,
    name: row.name,
    scopes: row.scopes ?? [],
    expires_at: row.expiresAt ? formatTimestamp(row.expiresAt) : null,
    created_at: formatTimestamp(row.createdAt),
    last_used_at: row.lastUsedAt ? formatTimestamp(row.lastUsedAt) : null,
  };
}
