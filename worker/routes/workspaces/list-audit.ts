// GET /workspaces/{id}/audit: the workspace's audit log, newest first (admins and the admin key)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { decodeAuditCursor, encodeAuditCursor } from "../../domain/audit-cursor";
import { badRequest } from "../../lib/errors";
import { serializeAuditEvent } from "../../services/workspaces/serialize";
import { readAudit } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { AuditPageSchema, AuditQuery, ROLE_REFUSED, WORKSPACE_NOT_FOUND, WorkspaceParams } from "./schema";

const route = createRoute({
  method: "get",
  path: "/workspaces/{id}/audit",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: WorkspaceParams, query: AuditQuery },
  responses: {
    200: jsonResponse(AuditPageSchema, "A page of the audit log, newest first"),
    400: errorResponse("An invalid filter or cursor"),
    403: ROLE_REFUSED,
    404: WORKSPACE_NOT_FOUND,
  },
});

export function registerListAudit(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { cursor, ...query } = c.req.valid("query");
    const before = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    if (cursor !== undefined && before === undefined) throw badRequest("cursor is not one of ours");
    const page = await readAudit(c.var, c.req.valid("param").id, { ...query, before });
    return c.json(
      {
        events: page.events.map(serializeAuditEvent),
        next_cursor: page.next === undefined ? null : encodeAuditCursor(page.next),
      },
      200,
    );
  });
}
