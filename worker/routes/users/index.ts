import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerApiKeyRoutes } from "./api-keys";
import { registerCreateUser } from "./create-user";
import { registerDeleteUser } from "./delete-user";
import { registerGetUser } from "./get-user";
import { registerListUserUrls } from "./list-user-urls";
import { registerListUsers } from "./list-users";
import { registerUpdateUser } from "./update-user";

export function registerUserRoutes(app: OpenAPIHono<AppEnv>) {
  registerListUsers(app);
  registerCreateUser(app);
  registerGetUser(app);
  registerUpdateUser(app);
  registerDeleteUser(app);
  registerListUserUrls(app);
  registerApiKeyRoutes(app);
}
