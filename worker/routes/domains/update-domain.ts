// PATCH /domains/{id}: the domain's redirects, app-association files and default flag
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { changeDomain } from "../../services/domains/domain-use-cases";
import { serializeDomain } from "../../services/domains/serialize";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { DOMAIN_NOT_FOUND, DomainSchema, UpdateDomainBody } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/domains/{id}",
  ...requires("workspace:admin"),
  tags: ["domains"],
  request: { params: IdParams, body: jsonBody(UpdateDomainBody) },
  responses: {
    200: jsonResponse(DomainSchema, "The domain as changed"),
    400: errorResponse("A field is wrong, or a redirect fails the destination rules"),
    404: DOMAIN_NOT_FOUND,
  },
});

export function registerUpdateDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const row = await changeDomain(c.var, c.req.valid("param").id, c.req.valid("json"), new URL(c.req.url).hostname);
    return c.json(serializeDomain(row), 200);
  });
}
