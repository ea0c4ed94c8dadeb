// POST /tags/{id}/merge: the tag's links carry another tag of the same owner instead, and the tag is gone
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { mergeTagFor } from "../../services/tags/tag-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { MergeTagBody, TAG_NOT_FOUND, TagSchema, TOO_MANY_TAGGED_LINKS } from "./schema";
import { serializeTag } from "./serialize";

const route = createRoute({
  method: "post",
  path: "/tags/{id}/merge",
  ...requires("tags:write"),
  tags: ["tags"],
  request: { params: IdParams, body: jsonBody(MergeTagBody) },
  responses: {
    200: jsonResponse(TagSchema, "The tag merged into, with its links now"),
    400: errorResponse("into is missing, the same tag, unknown, or another owner's"),
    404: TAG_NOT_FOUND,
    422: TOO_MANY_TAGGED_LINKS,
  },
});

export function registerMergeTag(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const tag = await mergeTagFor(c.var, c.req.valid("param").id, c.req.valid("json").into);
    return c.json(serializeTag(tag), 200);
  });
}
