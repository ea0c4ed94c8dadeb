// The request and response shapes of signing in (/auth/*, /me).
import { z } from "@hono/zod-openapi";
import { WORKSPACE_KINDS, WORKSPACE_ROLES } from "../../domain/workspace-roles";
import { EMAIL_SHAPE } from "../../services/mail/email-shape";

export const SIGN_IN_PENDING =
  "if this address belongs to an account, a sign-in link is on its way: it works once, for 15 minutes";

export const EmailBody = z
  .object(
    {
      email: z
        .string({ error: (issue) => (issue.input === undefined ? "email is required" : "email must be a string") })
        .trim()
        .max(255, "email must be at most 255 characters")
        .regex(EMAIL_SHAPE, "email is not a valid address")
        .openapi({ example: "ada@example.com" }),
    },
    { error: "email is required" },
  )
  .strict()
  .openapi("SignInEmail");

export const TokenBody = z
  .object(
    { token: z.string({ error: "token is required" }).max(100, "token: not a sign-in token") },
    { error: "token is required" },
  )
  .strict()
  .openapi("SignInToken");

export const TokenQuery = z.object({ token: z.string().max(100).optional() });

export const SessionSchema = z
  .object({
    id: z.number().int(),
    created_at: z.string(),
    last_seen_at: z.string().openapi({ description: "Moved forward as it is used (at most once a minute)" }),
    expires_at: z.string().openapi({ description: "The absolute expiry; it ends sooner when left unused" }),
    user_agent: z.string().nullable(),
    current: z.boolean().openapi({ description: "The session of this request" }),
  })
  .openapi("Session");

export const SignedInSchema = z
  .object({ session_id: z.number().int(), user_id: z.number().int(), expires_at: z.string() })
  .openapi("SignedIn");

export const MeSchema = z
  .object({
    user: z.object({ id: z.number().int(), username: z.string(), email: z.string() }),
    workspaces: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        kind: z.enum(WORKSPACE_KINDS),
        role: z.enum(WORKSPACE_ROLES),
      }),
    ),
    csrf_token: z
      .string()
      .openapi({ description: "Send it as X-CSRF-Token (or a form's csrf_token) with every write" }),
    session: z.object({ id: z.number().int(), expires_at: z.string() }),
  })
  .openapi("Me");
