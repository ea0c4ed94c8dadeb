// POST /domains/{id}/verify: ask the provider now whether the hostname is proven and its certificate issued
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { verifyDomain } from "../../services/domains/domain-use-cases";
import { serializeDomain } from "../../services/domains/serialize";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { DOMAIN_NOT_FOUND, DOMAINS_OFF, DomainSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/domains/{id}/verify",
  ...requires("workspace:admin"),
  tags: ["domains"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(DomainSchema, "The domain as the provider sees it now"),
    404: DOMAIN_NOT_FOUND,
    503: DOMAINS_OFF,
  },
});

export function registerVerifyDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(serializeDomain(await verifyDomain(c.var, c.req.valid("param").id)), 200));
}
