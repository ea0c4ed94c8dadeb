// DELETE /users/{id}: delete a user who owns no urls
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { invalidateCaches } from "../../cache/invalidate";
import { IdParam } from "../../lib/validation";
import { forgetCachedKeysOf } from "../../middleware/authenticate";
import { requireAdmin } from "../../services/auth/access";
import { deleteUser } from "../../services/users/delete-user";
import { errorResponse, jsonResponse, MessageSchema } from "../shared/responses";

const route = createRoute({
  method: "delete",
  path: "/users/{id}",
  tags: ["users"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(MessageSchema, "Deleted"),
    404: errorResponse("No such user"),
    409: errorResponse("The user still owns urls"),
  },
});

export function registerDeleteUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    requireAdmin(c.var);
    const { id } = c.req.valid("param");
    await deleteUser(c.var.database(), id);
    // Its keys went with it (ON DELETE CASCADE); none may keep acting from this isolate's cache.
    // Other isolates drop theirs within 30 s, and until then they act for an id that owns nothing
    // and is never handed out again (sequences only move forward).
    forgetCachedKeysOf(id);
    await invalidateCaches(c.var.cache, { users: [id], lists: ["users"] }, c.var.requestId);
    return c.json({ message: "deleted" }, 200);
  });
}
