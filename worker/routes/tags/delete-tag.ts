// DELETE /tags/{id}: delete a tag and take it off its links
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { deleteTagFor } from "../../services/tags/tag-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse, MessageSchema } from "../shared/responses";
import { TAG_NOT_FOUND, TOO_MANY_TAGGED_LINKS } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/tags/{id}",
  ...requires("tags:write"),
  tags: ["tags"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(MessageSchema, "Deleted, and taken off its links"),
    404: TAG_NOT_FOUND,
    422: TOO_MANY_TAGGED_LINKS,
  },
});

export function registerDeleteTag(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const links = await deleteTagFor(c.var, c.req.valid("param").id);
    return c.json({ message: `tag deleted (taken off ${links} link${links === 1 ? "" : "s"})` }, 200);
  });
}
