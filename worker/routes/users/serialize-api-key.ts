// An API key row as the API shows it: never the secret or its hash.
import type { z } from "@hono/zod-openapi";
import { formatTimestamp } from "../../lib/time";
import type { listApiKeys } from "../../services/auth/api-keys";
import type { ApiKeySchema } from "./schema";

type ApiKeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];

export function serializeApiKey(row: ApiKeyRow): z.infer<typeof ApiKeySchema> {
  return {
    id: row.id,
    prefix: row.prefix,
    user_id: row.userId,
    name: row.name,
    created_at: formatTimestamp(row.createdAt),
    revoked_at: row.revokedAt ? formatTimestamp(row.revokedAt) : null,
  };
}
