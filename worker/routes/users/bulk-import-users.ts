// POST /users/bulk: import users from a CSV upload or the bundled sample
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { userImportPlan } from "../../services/imports/import-users";
import { registerBulkImport } from "../shared/bulk-import";

export function registerBulkImportUsers(app: OpenAPIHono<AppEnv>) {
  registerBulkImport(app, { path: "/users/bulk", tag: "users", defaultFile: "users.csv", plan: userImportPlan });
}
