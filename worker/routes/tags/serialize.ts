import type { z } from "@hono/zod-openapi";
import type { TagWithCount } from "../../services/tags/tag-store";
import type { TagSchema } from "./schema";

export function serializeTag(tag: TagWithCount): z.infer<typeof TagSchema> {
  return {
    created_at: tag.createdAt.toISOString(),
    id: tag.id,
    links: tag.links,
    name: tag.name,
    updated_at: tag.updatedAt.toISOString(),
    user_id: tag.userId,
  };
}
