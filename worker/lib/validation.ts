// Shared zod building blocks and the translation of a zod failure into one clear message.

import { z } from "@hono/zod-openapi";

export const POSTGRES_MAX_INT = 2_147_483_647;

/** The first problem, in words a client can act on. Custom messages in schemas win. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  if (issue.code === "unrecognized_keys") {
    // A nested object's unknown field names its place ("utm: unknown field: x").
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${where}unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
  }
  const field = issue.path.join(".");
  // zod's own default wording starts with "Invalid" or "Too"; prefix it with the field.
  if (field && /^(Invalid|Too|Expected|Unrecognized)/.test(issue.message)) {
    return `${field}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  }
  return issue.message;
}

/** A path id named `name`: digits only, within Postgres integer range. */
export const idParam = (name: string) =>
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .refine((id) => id >= 1 && id <= POSTGRES_MAX_INT)
    .openapi({ param: { in: "path", name }, type: "integer", example: 1 });

/** The path's `{id}`. */
export const IdParam = idParam("id");

/** An id in a JSON body: an integer, or a string of digits (the seed accepted "5"). */
export function bodyId(field: string, missingMessage = `${field} must be an integer`) {
  const notAnInteger = `${field} must be an integer`;
  return z
    .union([z.number(), z.string()], {
      error: (issue) => (issue.input === undefined ? missingMessage : notAnInteger),
    })
    .refine((value) => typeof value === "number" || /^\d{1,10}$/.test(value), notAnInteger)
    .transform((value) => Number(value))
    .refine((id) => Number.isInteger(id) && id >= 1 && id <= POSTGRES_MAX_INT, {
      message: `${field} must be a positive integer`,
    })
    .openapi({ type: "integer", example: 1 });
}

/** An integer query parameter: absent is fine, anything but digits in range is a 400. */
export function queryInt(field: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, `${field} must be an integer between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${field} must be an integer between ${min} and ${max}`)
    .optional()
    .openapi({ type: "integer" });
}

/** A required, length-limited string whose missing and wrong-type messages are the caller's. */
export function requiredString(messages: { missing: string; type: string }, maxLength: number, field: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? messages.missing : messages.type) })
    .max(maxLength, `${field} must be at most ${maxLength} characters`);
}
