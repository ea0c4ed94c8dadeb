// The /tags routes, in registration order: a user's key manages its own tags (another user's are
// 404), the admin key all of them.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCreateTag } from "./create-tag";
import { registerDeleteTag } from "./delete-tag";
import { registerGetTag } from "./get-tag";
import { registerListTags } from "./list-tags";
import { registerMergeTag } from "./merge-tag";
import { registerRenameTag } from "./rename-tag";

export function registerTagRoutes(app: OpenAPIHono<AppEnv>) {
  registerListTags(app);
  registerCreateTag(app);
  registerGetTag(app);
  registerRenameTag(app);
  registerDeleteTag(app);
  registerMergeTag(app);
}
