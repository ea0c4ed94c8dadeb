// DELETE /domains/{id}: the workspace gives the hostname up
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { removeDomain } from "../../services/domains/domain-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse, MessageSchema } from "../shared/responses";
import { DOMAIN_NOT_FOUND } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/domains/{id}",
  ...requires("workspace:admin"),
  tags: ["domains"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(MessageSchema, "Deleted"),
    404: DOMAIN_NOT_FOUND,
    409: errorResponse("Links (deleted ones included) still use the domain: the message says how many"),
  },
});

export function registerDeleteDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await removeDomain(c.var, c.req.valid("param").id);
    return c.json({ message: "domain deleted" }, 200);
  });
}
