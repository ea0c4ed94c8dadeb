// POST /urls: shorten a url (with an optional custom short_code)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { linkSettingsOf } from "../../services/urls/link-settings";
import { serializeUrl } from "../../services/urls/serialize";
import { createUrl } from "../../services/urls/url-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateUrlBody, UrlSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/urls",
  ...requires("links:write"),
  tags: ["urls"],
  request: { body: jsonBody(CreateUrlBody) },
  responses: {
    201: jsonResponse(UrlSchema, "The created link"),
    400: errorResponse("Missing or invalid url, title, user_id or short_code"),
    409: errorResponse("The custom short_code is taken"),
  },
});

export function registerCreateUrl(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const row = await createUrl(c.var, body, await linkSettingsOf(body), new URL(c.req.url).hostname);
    return c.json(serializeUrl(row), 201);
  });
}
