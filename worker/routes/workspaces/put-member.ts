// PUT /workspaces/{id}/members/{user_id}: a member's role (the admin key may also add a member)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeMember } from "../../services/workspaces/serialize";
import { putMember } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { LAST_OWNER, MEMBER_NOT_FOUND, MemberParams, MemberSchema, PutMemberBody, ROLE_REFUSED } from "./schema";

const route = createRoute({
  method: "put",
  path: "/workspaces/{id}/members/{user_id}",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: MemberParams, body: jsonBody(PutMemberBody) },
  responses: {
    200: jsonResponse(MemberSchema, "The member with their role"),
    400: errorResponse("Missing or invalid role"),
    403: ROLE_REFUSED,
    404: MEMBER_NOT_FOUND,
    409: LAST_OWNER,
  },
});

export function registerPutMember(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, user_id } = c.req.valid("param");
    return c.json(serializeMember(await putMember(c.var, id, user_id, c.req.valid("json").role)), 200);
  });
}
