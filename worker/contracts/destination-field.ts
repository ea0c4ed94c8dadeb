import { z } from "@hono/zod-openapi";
import { checkDestination, PROBLEM_MESSAGES } from "../domain/destination";
import { countRefusedDestination } from "../observability/metrics/destinations";

/**
 * A destination URL field, given back as its serialisation; a refused one is counted. `typeError`
 * answers a value that is not a string; `field`, when given, prefixes the refusal ("expired_url: ...").
 */
export function destinationField(typeError: string | ((input: unknown) => string), field?: string) {
  return z
    .string({ error: (issue) => (typeof typeError === "string" ? typeError : typeError(issue.input)) })
    .transform((value, ctx) => {
      // Private hosts are the deployment's call (ALLOW_PRIVATE_DESTINATIONS): every write checks them
      // with the rest of its policy (assertDestinationAllowed), after this shape check.
      const check = checkDestination(value, { allowPrivate: true });
      if (check.ok) return check.href;
      countRefusedDestination(check.problem, "write");
      const message = PROBLEM_MESSAGES[check.problem];
      ctx.addIssue({ code: "custom", message: field ? `${field}: ${message}` : message });
      return z.NEVER;
    })
    .openapi({ type: "string", example: "https://example.com/some/page" });
}
