// GET/POST /tags, GET/PATCH/DELETE /tags/{id}, POST /tags/{id}/merge: a user's key manages its own
// tags (another user's are 404), the admin key all of them.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery } from "../../lib/pagination";
import { IdParam } from "../../lib/validation";
import {
  createTag,
  deleteTagFor,
  mergeTagFor,
  readTag,
  readTags,
  renameTagFor,
} from "../../services/tags/tag-use-cases";
import { errorResponse, jsonBody, jsonResponse, MessageSchema } from "../shared/responses";
import { CreateTagBody, ListTagsQuery, MergeTagBody, RenameTagBody, TagSchema } from "./schema";
import { serializeTag } from "./serialize";

const tags = ["tags"];
const params = z.object({ id: IdParam });
const NOT_FOUND = errorResponse("No such tag (or another user's)");
const NAME_TAKEN = errorResponse("The owner already has a tag of that name (in any case)");
const TOO_MANY_LINKS = errorResponse(
  "A user's key: the tag is on more than MAX_TAG_CHANGE_LINKS links (1,000 by default); nothing was changed",
);

const list = createRoute({
  method: "get",
  path: "/tags",
  tags,
  request: { query: ListTagsQuery.extend(PaginationQuery.shape) },
  responses: {
    200: jsonResponse(z.array(TagSchema), "The caller's tags (the admin key: all), by name"),
    400: errorResponse("Invalid user_id, page or per_page"),
  },
});

const create = createRoute({
  method: "post",
  path: "/tags",
  tags,
  request: { body: jsonBody(CreateTagBody) },
  responses: {
    201: jsonResponse(TagSchema, "The tag"),
    400: errorResponse("Missing or invalid name"),
    403: errorResponse("A user's key asked for another owner"),
    404: errorResponse("No such user"),
    409: NAME_TAKEN,
  },
});

const get = createRoute({
  method: "get",
  path: "/tags/{id}",
  tags,
  request: { params },
  responses: { 200: jsonResponse(TagSchema, "The tag"), 404: NOT_FOUND },
});

const rename = createRoute({
  method: "patch",
  path: "/tags/{id}",
  tags,
  request: { params, body: jsonBody(RenameTagBody) },
  responses: {
    200: jsonResponse(TagSchema, "The tag, renamed on every link that carries it"),
    400: errorResponse("Missing or invalid name"),
    404: NOT_FOUND,
    409: NAME_TAKEN,
    422: TOO_MANY_LINKS,
  },
});

const remove = createRoute({
  method: "delete",
  path: "/tags/{id}",
  tags,
  request: { params },
  responses: {
    200: jsonResponse(MessageSchema, "Deleted, and taken off its links"),
    404: NOT_FOUND,
    422: TOO_MANY_LINKS,
  },
});

const merge = createRoute({
  method: "post",
  path: "/tags/{id}/merge",
  tags,
  request: { params, body: jsonBody(MergeTagBody) },
  responses: {
    200: jsonResponse(TagSchema, "The tag merged into, with its links now"),
    400: errorResponse("into is missing, the same tag, unknown, or another owner's"),
    404: NOT_FOUND,
    422: TOO_MANY_LINKS,
  },
});

export function registerTagRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => c.json((await readTags(c.var, c.req.valid("query"))).map(serializeTag), 200));
  app.openapi(create, async (c) => c.json(serializeTag(await createTag(c.var, c.req.valid("json"))), 201));
  app.openapi(get, async (c) => c.json(serializeTag(await readTag(c.var, c.req.valid("param").id)), 200));
  app.openapi(rename, async (c) => {
    const tag = await renameTagFor(c.var, c.req.valid("param").id, c.req.valid("json").name);
    return c.json(serializeTag(tag), 200);
  });
  app.openapi(remove, async (c) => {
    const links = await deleteTagFor(c.var, c.req.valid("param").id);
    return c.json({ message: `tag deleted (taken off ${links} link${links === 1 ? "" : "s"})` }, 200);
  });
  app.openapi(merge, async (c) => {
    const tag = await mergeTagFor(c.var, c.req.valid("param").id, c.req.valid("json").into);
    return c.json(serializeTag(tag), 200);
  });
}
