// POST /domains: claim a hostname for the workspace; the answer holds the DNS records to create
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { createDomain } from "../../services/domains/domain-use-cases";
import { serializeDomain } from "../../services/domains/serialize";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateDomainBody, DOMAINS_OFF, DomainSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/domains",
  ...requires("workspace:admin"),
  tags: ["domains"],
  request: { body: jsonBody(CreateDomainBody) },
  responses: {
    201: jsonResponse(DomainSchema, "The domain, with the DNS records to create"),
    400: errorResponse("The hostname is not one a workspace may claim, or a redirect fails the destination rules"),
    409: errorResponse("The hostname is claimed already (by whom is not said)"),
    503: DOMAINS_OFF,
  },
});

export function registerCreateDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const row = await createDomain(c.var, c.req.valid("json"), new URL(c.req.url).hostname);
    return c.json(serializeDomain(row), 201);
  });
}
