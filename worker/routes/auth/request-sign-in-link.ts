// POST /auth/email: a sign-in link mailed to a known address; the same 202 for any address
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { clientIp, refuseSignInFlood } from "../../services/auth/rate-limits";
import { requestSignInLink } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse, MessageSchema } from "../shared/responses";
import { EmailBody, SIGN_IN_PENDING } from "./schema";

const route = createRoute({
  method: "post",
  path: "/auth/email",
  ...requires("public"),
  tags: ["auth"],
  request: { body: jsonBody(EmailBody) },
  responses: {
    202: jsonResponse(MessageSchema, "Accepted, whether or not the address is known"),
    400: errorResponse("Missing or invalid email"),
    429: errorResponse("Too many sign-in links asked for, by this address or this client"),
    503: errorResponse("No SMTP relay (SMTP_HOST), or no PUBLIC_URL in production"),
  },
});

export function registerRequestSignInLink(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { email } = c.req.valid("json");
    await refuseSignInFlood(c.env, clientIp(c.req.raw), email);
    await requestSignInLink(c.var, email, new URL(c.req.url).origin);
    return c.json({ message: SIGN_IN_PENDING }, 202);
  });
}
