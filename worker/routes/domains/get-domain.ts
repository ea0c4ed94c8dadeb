// GET /domains/{id}: one domain, with its states and DNS records
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readDomain } from "../../services/domains/domain-use-cases";
import { serializeDomain } from "../../services/domains/serialize";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { DOMAIN_NOT_FOUND, DomainSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/domains/{id}",
  ...requires("links:read"),
  tags: ["domains"],
  request: { params: IdParams },
  responses: { 200: jsonResponse(DomainSchema, "The domain"), 404: DOMAIN_NOT_FOUND },
});

export function registerGetDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(serializeDomain(await readDomain(c.var, c.req.valid("param").id)), 200));
}
