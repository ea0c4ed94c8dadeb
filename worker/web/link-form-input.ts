// A submitted link form as the API's body, and the API's refusals put back on their fields.
import type { z } from "@hono/zod-openapi";
import type { CreateUrlBody } from "../contracts/link-requests";
import { LINK_FORM_FIELDS, type LinkFormField, type LinkFormValues } from "./link-form";

const filled = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

/** The form's values (strings, as typed), from a parsed form body. */
export function linkFormValues(form: Record<string, unknown>): LinkFormValues {
  const values: LinkFormValues = {};
  for (const field of LINK_FORM_FIELDS) {
    const value = form[field];
    if (typeof value === "string") values[field] = value;
  }
  return values;
}

/** The body POST /urls would take: empty fields left out, tags split on commas. */
export function createBodyOf(values: LinkFormValues): Record<string, unknown> {
  const tags = filled(values.tags)
    ?.split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  return {
    original_url: filled(values.original_url),
    ...(filled(values.short_code) ? { short_code: filled(values.short_code) } : {}),
    ...(filled(values.title) ? { title: filled(values.title) } : {}),
    ...(tags && tags.length > 0 ? { tags } : {}),
    ...(filled(values.domain) ? { domain: filled(values.domain) } : {}),
  };
}

export type CreateBody = z.output<typeof CreateUrlBody>;

/** The field a refusal names (the API's messages start with it, or quote it), else undefined. */
export function fieldOfMessage(message: string): LinkFormField | undefined {
  if (message === "invalid url" || message.startsWith("original_url")) return "original_url";
  return LINK_FORM_FIELDS.find((field) => message.startsWith(field) || message.startsWith(`${field}:`));
}

/** Zod's issues on their fields (the first per field); those of no field are the form's. */
export function issuesByField(error: z.ZodError): { errors: LinkFormValues; formError: string | undefined } {
  const errors: LinkFormValues = {};
  let formError: string | undefined;
  for (const issue of error.issues) {
    const field = LINK_FORM_FIELDS.find((name) => name === issue.path[0]);
    if (field) errors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  return { errors, formError };
}
