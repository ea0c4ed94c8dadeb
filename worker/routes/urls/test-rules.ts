// POST /urls/{id}/rules/test: which rule and variant a visitor would get, and the exact Location
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { instant } from "../../contracts/link-lifecycle-fields";
import { IdParam } from "../../lib/validation";
import { testRules } from "../../services/urls/rule-test-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max} characters`)
    .optional();

const RuleTestBody = z
  .object({
    country: text("country", 8).openapi({ example: "DE" }),
    continent: text("continent", 8).openapi({ example: "EU" }),
    user_agent: text("user_agent", 1024).openapi({ example: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)" }),
    accept_language: text("accept_language", 512).openapi({ example: "de-DE,de;q=0.9,en;q=0.8" }),
    ip: text("ip", 64).openapi({ example: "203.0.113.7" }),
    query: z
      .record(
        z.string(),
        z.union([z.string(), z.array(z.string()).max(100)], {
          error: "query values must be strings or lists of strings",
        }),
        { error: "query must be an object of parameters" },
      )
      .optional()
      .openapi({ example: { src: "newsletter" } }),
    at: instant("at")
      .unwrap()
      .optional()
      .openapi({ description: "The instant to evaluate at (default: now)", example: "2026-12-24T18:00:00Z" }),
    visitor_id: z
      .string({ error: "visitor_id must be a string" })
      .regex(/^[A-Za-z0-9-]{16,64}$/, "visitor_id must be 16 to 64 letters, digits or '-'")
      .optional()
      .openapi({ description: "The visitor an A/B split hashes (the ls_vid cookie); drawn when absent" }),
  })
  .strict()
  .openapi("RuleTest");

const RuleTestResult = z
  .object({
    outcome: z.enum(["found", "scheduled", "expired", "exhausted", "inactive"]),
    rule: z.number().int().nullable(),
    variant: z.number().int().nullable(),
    location: z.string().nullable(),
    visitor_id: z.string().nullable(),
  })
  .openapi("RuleTestResult");

const route = createRoute({
  method: "post",
  path: "/urls/{id}/rules/test",
  ...requires("links:read"),
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }), body: jsonBody(RuleTestBody) },
  responses: {
    200: jsonResponse(RuleTestResult, "What a request with these facts would get (nothing is recorded)"),
    400: errorResponse("An invalid field"),
    404: errorResponse("No such url"),
  },
});

export function registerTestRules(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await testRules(c.var, c.req.valid("param").id, c.req.valid("json")), 200));
}
