// Users, urls and list responses in Redis, as the JSON the API returns. A cached value is
// parsed with the response schema before use: anything else is a miss.
import type { z } from "@hono/zod-openapi";
import type { RedisStore } from "./redis-store";
import { ENTITY_TTL_SECONDS, LIST_TTL_SECONDS } from "./ttl";

export type ListResource = "users" | "urls";

export const userKey = (id: number) => `users:${id}`;
export const urlKey = (id: number) => `urls:${id}`;
export const listHash = (resource: ListResource) => `${resource}:lists`;

function parseCached<S extends z.ZodType>(schema: S, raw: string | null | undefined): z.infer<S> | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class EntityCache {
  constructor(private readonly redis: RedisStore | undefined) {}

  async get<S extends z.ZodType>(key: string, schema: S): Promise<z.infer<S> | undefined> {
    if (!this.redis) return undefined;
    return parseCached(schema, await this.redis.get(key));
  }

  async fill(key: string, value: unknown): Promise<void> {
    await this.redis?.fill(key, JSON.stringify(value), ENTITY_TTL_SECONDS);
  }

  async getList<S extends z.ZodType>(
    resource: ListResource,
    query: string,
    schema: S,
  ): Promise<z.infer<S> | undefined> {
    if (!this.redis) return undefined;
    return parseCached(schema, await this.redis.hashGet(listHash(resource), query));
  }

  async fillList(resource: ListResource, query: string, value: unknown): Promise<void> {
    await this.redis?.hashFill(listHash(resource), query, JSON.stringify(value), LIST_TTL_SECONDS);
  }
}
