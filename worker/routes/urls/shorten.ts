// POST /shorten: the seed's legacy alias of POST /urls, answering only the code and url
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { linkSettingsOf } from "../../services/urls/link-settings";
import { createUrl } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { ShortenBody, ShortenResponse } from "./schema";

const route = createRoute({
  method: "post",
  path: "/shorten",
  ...requires("links:write"),
  tags: ["urls"],
  request: { body: jsonBody(ShortenBody) },
  responses: {
    201: jsonResponse(ShortenResponse, "The created link"),
    400: errorResponse("Missing or invalid url"),
    409: errorResponse("The custom short_code is taken"),
  },
});

export function registerShorten(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const row = await createUrl(
      c.var,
      { ...body, original_url: body.url },
      await linkSettingsOf(body),
      new URL(c.req.url).hostname,
    );
    return c.json({ original_url: row.originalUrl, short_code: row.shortCode }, 201);
  });
}
