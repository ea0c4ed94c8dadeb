// GET /auth/email/verify?token=: the page a sign-in link opens. It spends nothing: a mail scanner that
// fetches the link (Outlook Safe Links and others) gets the same page, and only the button signs in.
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { requires } from "../shared/permissions";
import { TOKEN_PAGE_HEADERS, tokenForm, tokenPage } from "../shared/token-links";
import { TokenQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/auth/email/verify",
  ...requires("public"),
  tags: ["auth"],
  request: { query: TokenQuery },
  responses: { 200: { description: "An HTML page with a Sign in button that posts the token" } },
});

export function registerSignInPage(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) => {
    const token = c.req.valid("query").token ?? "";
    const markup = tokenPage(
      "Sign in to Linkscope",
      tokenForm("/auth/email/verify", token, "Sign in"),
      "The link works once, within 15 minutes of asking for it.",
    );
    return c.body(markup, 200, TOKEN_PAGE_HEADERS);
  });
}
