// GET /tags/{id}: one tag, with how many links carry it
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readTag } from "../../services/tags/tag-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { TAG_NOT_FOUND, TagSchema } from "./schema";
import { serializeTag } from "./serialize";

const route = createRoute({
  method: "get",
  path: "/tags/{id}",
  ...requires("links:read"),
  tags: ["tags"],
  request: { params: IdParams },
  responses: { 200: jsonResponse(TagSchema, "The tag"), 404: TAG_NOT_FOUND },
});

export function registerGetTag(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(serializeTag(await readTag(c.var, c.req.valid("param").id)), 200));
}
