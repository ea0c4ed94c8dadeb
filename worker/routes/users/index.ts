import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCreateApiKey } from "./create-api-key";
import { registerCreateUser } from "./create-user";
import { registerDeleteUser } from "./delete-user";
import { registerGetUser } from "./get-user";
import { registerListApiKeys } from "./list-api-keys";
import { registerListUserUrls } from "./list-user-urls";
import { registerListUsers } from "./list-users";
import { registerRevokeApiKey } from "./revoke-api-key";
import { registerUpdateUser } from "./update-user";

export function registerUserRoutes(app: OpenAPIHono<AppEnv>) {
  registerListUsers(app);
  registerCreateUser(app);
  registerGetUser(app);
  registerUpdateUser(app);
  registerDeleteUser(app);
  registerListUserUrls(app);
  registerCreateApiKey(app);
  registerListApiKeys(app);
  registerRevokeApiKey(app);
}
