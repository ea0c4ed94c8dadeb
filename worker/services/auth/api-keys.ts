// Storage of API keys: create (the key is returned once), find by prefix, list, revoke.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type ApiKeyRow, apiKeys } from "../../../db/schema/api-keys";
import type { Scope } from "../../domain/permissions";
import { generateApiKey } from "./api-key-format";

/** Options of a workspace's key: where it acts, what it may do, until when (none: the user's personal, all, ever). */
export interface KeyGrant {
  workspaceId?: number | undefined;
  scopes?: Scope[] | null | undefined;
  expiresAt?: Date | null | undefined;
}

export async function createApiKey(db: Database, userId: number, name: string | null, grant: KeyGrant = {}) {
  const generated = await generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      userId,
      prefix: generated.prefix,
      keyHash: generated.hash,
      name,
      ...(grant.workspaceId === undefined ? {} : { workspaceId: grant.workspaceId }),
      scopes: grant.scopes ?? null,
      expiresAt: grant.expiresAt ?? null,
    })
    .returning();
  if (!row) throw new Error("api key insert returned no row");
  return { row, key: generated.key };
}

export async function findActiveKey(db: Database, prefix: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.prefix, prefix),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  return row;
}

/** Moves a key's last_used_at forward (its caller does so at most once a minute per key and isolate). */
export async function touchApiKey(db: Database, id: number): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id));
}

export function listApiKeys(db: Database, userId: number): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(apiKeys.id);
}

export async function revokeApiKey(db: Database, userId: number, keyId: number): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}
