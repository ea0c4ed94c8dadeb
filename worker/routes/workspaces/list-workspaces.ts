// GET /workspaces: every workspace for the operator (or those a user belongs to); a key's own
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery } from "../../lib/pagination";
import { serializeWorkspace } from "../../services/workspaces/serialize";
import { readWorkspaces } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { ListWorkspacesQuery, WorkspaceSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/workspaces",
  ...requires("links:read"),
  tags: ["workspaces"],
  request: { query: ListWorkspacesQuery.extend(PaginationQuery.shape) },
  responses: {
    200: jsonResponse(z.array(WorkspaceSchema), "The workspaces the caller may see, by id"),
    400: errorResponse("Invalid user_id, page or per_page"),
  },
});

export function registerListWorkspaces(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json((await readWorkspaces(c.var, c.req.valid("query"))).map(serializeWorkspace), 200),
  );
}
