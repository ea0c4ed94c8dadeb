// PUT and PATCH /urls/{id}: change destination, title or is_active (both methods behave alike)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { invalidateCaches } from "../../cache/invalidate";
import { IdParam } from "../../lib/validation";
import { assertOwnsUrl, ownerForWrite } from "../../services/auth/access";
import { assertDestinationAllowed } from "../../services/urls/destination-policy";
import { serializeUrl } from "../../services/urls/serialize";
import { updateUrl } from "../../services/urls/update-url";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { UpdateUrlBody, UrlSchema } from "./schema";

function updateRoute(method: "put" | "patch") {
  return createRoute({
    method,
    path: "/urls/{id}",
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
      const { id } = c.req.valid("param");
      await assertOwnsUrl(c.var, id);
      if (body.original_url !== undefined) {
        assertDestinationAllowed(c.var.config, body.original_url, new URL(c.req.url).hostname);
      }
      const row = await updateUrl(
        c.var.database(),
        id,
        { originalUrl: body.original_url, title: body.title, isActive: body.is_active },
        ownerForWrite(c.var, body.user_id) ?? null,
      );
      await invalidateCaches(c.var.cache, { urls: [id], codes: [row.shortCode], lists: ["urls"] }, c.var.requestId);
      return c.json(serializeUrl(row), 200);
    });
  }
}
