// GET /domains: the workspace's domains (the operator's: every workspace's), by hostname
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readDomains } from "../../services/domains/domain-use-cases";
import { serializeDomain } from "../../services/domains/serialize";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { DomainListSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/domains",
  ...requires("links:read"),
  tags: ["domains"],
  responses: { 200: jsonResponse(DomainListSchema, "The domains, by hostname") },
});

export function registerListDomains(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json((await readDomains(c.var)).map(serializeDomain), 200));
}
