// PATCH /tags/{id}: rename a tag, on every link that carries it
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { renameTagFor } from "../../services/tags/tag-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonBody, jsonResponse } from "../shared/responses";
import {
  RenameTagBody,
  TAG_NAME_INVALID,
  TAG_NAME_TAKEN,
  TAG_NOT_FOUND,
  TagSchema,
  TOO_MANY_TAGGED_LINKS,
} from "./schema";
import { serializeTag } from "./serialize";

const route = createRoute({
  method: "patch",
  path: "/tags/{id}",
  ...requires("tags:write"),
  tags: ["tags"],
  request: { params: IdParams, body: jsonBody(RenameTagBody) },
  responses: {
    200: jsonResponse(TagSchema, "The tag, renamed on every link that carries it"),
    400: TAG_NAME_INVALID,
    404: TAG_NOT_FOUND,
    409: TAG_NAME_TAKEN,
    422: TOO_MANY_TAGGED_LINKS,
  },
});

export function registerRenameTag(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const tag = await renameTagFor(c.var, c.req.valid("param").id, c.req.valid("json").name);
    return c.json(serializeTag(tag), 200);
  });
}
