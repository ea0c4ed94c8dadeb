// GET /{code}: documented here; served by serve-redirect.ts ahead of the router (the hot path).
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { errorResponse } from "../shared/responses";

export function registerFollowShortCodeDoc(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/{code}",
    tags: ["redirect"],
    request: { params: z.object({ code: z.string().openapi({ example: "LReho4" }) }) },
    responses: {
      302: { description: "Redirect to the destination", headers: { Location: { schema: { type: "string" } } } },
      404: errorResponse("Unknown or inactive code"),
    },
  });
}
