// PUT and PATCH /urls/{id}: change destination, title, is_active or the link's settings (both methods behave alike)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { linkSettingsOf } from "../../services/urls/link-settings";
import { updateUrl } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { UpdateUrlBody, UrlSchema } from "./schema";

function updateRoute(method: "put" | "patch") {
  return createRoute({
    method,
    path: "/urls/{id}",
    ...requires("links:write"),
    tags: ["urls"],
    request: { params: z.object({ id: IdParam }), body: jsonBody(UpdateUrlBody) },
    responses: {
      200: jsonResponse(UrlSchema, "The updated link"),
      400: errorResponse("No valid field, or an invalid value"),
      404: errorResponse("No such url"),
    },
  });
}

export function registerUpdateUrl(app: OpenAPIHono<AppEnv>) {
  for (const method of ["put", "patch"] as const) {
    app.openapi(updateRoute(method), async (c) => {
      const body = c.req.valid("json");
      const url = await updateUrl(
        c.var,
        c.req.valid("param").id,
        body,
        await linkSettingsOf(body),
        new URL(c.req.url).hostname,
      );
      return c.json(url, 200);
    });
  }
}
