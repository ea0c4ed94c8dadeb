// POST /tags: create a tag (a user's key: its own; the admin key: for any owner)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { createTag } from "../../services/tags/tag-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateTagBody, TAG_NAME_INVALID, TAG_NAME_TAKEN, TagSchema } from "./schema";
import { serializeTag } from "./serialize";

const route = createRoute({
  method: "post",
  path: "/tags",
  ...requires("tags:write"),
  tags: ["tags"],
  request: { body: jsonBody(CreateTagBody) },
  responses: {
    201: jsonResponse(TagSchema, "The tag"),
    400: TAG_NAME_INVALID,
    403: errorResponse("A user's key asked for another owner"),
    404: errorResponse("No such user"),
    409: TAG_NAME_TAKEN,
  },
});

export function registerCreateTag(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(serializeTag(await createTag(c.var, c.req.valid("json"))), 201));
}
