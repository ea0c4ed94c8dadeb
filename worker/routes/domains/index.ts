// The /domains routes, in registration order: a workspace's custom hostnames (docs/API.md, "Custom
// domains"). Reading needs links:read, changing them workspace:admin; another workspace's is a 404.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCreateDomain } from "./create-domain";
import { registerDeleteDomain } from "./delete-domain";
import { registerDomainStats } from "./domain-stats";
import { registerGetDomain } from "./get-domain";
import { registerListDomains } from "./list-domains";
import { registerUpdateDomain } from "./update-domain";
import { registerVerifyDomain } from "./verify-domain";

export function registerDomainRoutes(app: OpenAPIHono<AppEnv>) {
  registerCreateDomain(app);
  registerListDomains(app);
  registerGetDomain(app);
  registerDomainStats(app);
  registerUpdateDomain(app);
  registerDeleteDomain(app);
  registerVerifyDomain(app);
}
