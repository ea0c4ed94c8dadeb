// Storage of API keys: create (the key is returned once), find by prefix, list, revoke.
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type ApiKeyRow, apiKeys } from "../../../db/schema/api-keys";
import { generateApiKey } from "./api-key-format";

export async function createApiKey(db: Database, userId: number, name: string | null) {
  const generated = await generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({ userId, prefix: generated.prefix, keyHash: generated.hash, name })
    .returning();
  if (!row) throw new Error("api key insert returned no row");
  return { row, key: generated.key };
}

export async function findActiveKey(db: Database, prefix: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row;
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
