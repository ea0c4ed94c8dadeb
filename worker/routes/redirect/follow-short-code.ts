// GET /{code}: documented here; served by serve-redirect.ts ahead of the router (the hot path).
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";

export function registerFollowShortCodeDoc(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/{code}",
    ...requires("public"),
    tags: ["redirect"],
    request: { params: z.object({ code: z.string().openapi({ example: "LReho4" }) }) },
    responses: {
      200: {
        description:
          "A capped link asked by a bot, a link preview, HEAD or a prefetch: a neutral page, no destination, no click spent",
      },
      302: {
        description:
          "Redirect to the destination (with forwarded parameters and UTM tags), or to the link's expired_url once it has expired or used its clicks",
        headers: { Location: { schema: { type: "string" } } },
      },
      403: { description: "The destination's domain is blocked: a plain page" },
      404: errorResponse("Unknown or inactive code, or a link before its valid_since (the answer says when)"),
      410: errorResponse("The link has expired or reached its click limit, and has no expired_url"),
      429: errorResponse("Too many lookups of unknown codes"),
      503: errorResponse("A capped link whose click counter cannot be reached (Retry-After)"),
    },
  });
}
