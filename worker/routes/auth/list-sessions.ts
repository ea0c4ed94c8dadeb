// GET /auth/sessions: the signed-in person's sessions, newest first
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { formatTimestamp } from "../../lib/time";
import { readSessions } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { SessionSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/auth/sessions",
  ...requires("session"),
  tags: ["auth"],
  responses: { 200: jsonResponse(z.array(SessionSchema), "Live sessions"), 401: errorResponse("No session") },
});

export function registerListSessions(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const rows = await readSessions(c.var);
    return c.json(
      rows.map((row) => ({
        id: row.id,
        created_at: formatTimestamp(row.createdAt),
        last_seen_at: formatTimestamp(row.lastSeenAt),
        expires_at: formatTimestamp(row.expiresAt),
        user_agent: row.userAgent,
        current: row.current,
      })),
      200,
    );
  });
}
