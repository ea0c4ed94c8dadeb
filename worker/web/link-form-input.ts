// A submitted link form as the API's body, and the API's refusals put back on their fields.
import type { z } from "@hono/zod-openapi";
import type { CreateUrlBody } from "../contracts/link-requests";
import { fieldNamedBy, stringFields } from "./form-parts";
import { LINK_FORM_FIELDS, type LinkFormField, type LinkFormValues, UTM_FORM_FIELDS } from "./link-form";

const filled = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

/** The form's values (strings, as typed), from a parsed form body. */
export const linkFormValues = (form: Record<string, unknown>): LinkFormValues => stringFields(form, LINK_FORM_FIELDS);

/** A datetime-local value ("2026-12-31T23:59"), read as UTC, in the API's RFC 3339 form. */
const utcInstant = (value: string | undefined) => {
  const given = filled(value);
  if (given === undefined) return undefined;
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(given) ? `${given}:00Z` : given;
};

/** A number field as the API takes it: a number when it reads as one, else the text (refused, by name). */
const count = (value: string | undefined) => {
  const given = filled(value);
  if (given === undefined) return undefined;
  return /^\d{1,10}$/.test(given) ? Number(given) : given;
};

/** The body POST /urls would take: empty fields left out, tags split on commas. */
export function createBodyOf(values: LinkFormValues): Record<string, unknown> {
  const tags = filled(values.tags)
    ?.split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const utm = Object.fromEntries(
    UTM_FORM_FIELDS.flatMap((field) => {
      const value = filled(values[field]);
      return value === undefined ? [] : [[field.replace("utm_", ""), value]];
    }),
  );
  const optional: Record<string, unknown> = {
    short_code: filled(values.short_code),
    title: filled(values.title),
    tags: tags && tags.length > 0 ? tags : undefined,
    domain: filled(values.domain),
    valid_since: utcInstant(values.valid_since),
    expires_at: utcInstant(values.expires_at),
    max_clicks: count(values.max_clicks),
    expired_url: filled(values.expired_url),
    fallback_url: filled(values.fallback_url),
    query_forwarding: filled(values.query_forwarding),
    utm: Object.keys(utm).length > 0 ? utm : undefined,
    // Not trimmed: a password is exactly what was typed (the API refuses edge whitespace, by name).
    password: values.password === undefined || values.password === "" ? undefined : values.password,
  };
  return {
    original_url: filled(values.original_url),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

export type CreateBody = z.output<typeof CreateUrlBody>;

/** The field a refusal names (the API's messages start with it, or quote it), else undefined. */
export function fieldOfMessage(message: string): LinkFormField | undefined {
  if (message === "invalid url" || message.startsWith("original_url")) return "original_url";
  const utm = /^utm[._](source|medium|campaign|term|content)/.exec(message);
  if (utm) return `utm_${utm[1]}` as LinkFormField;
  return fieldNamedBy(message, LINK_FORM_FIELDS);
}

/** Zod's issues on their fields (the first per field); those of no field are the form's. */
export function issuesByField(error: z.ZodError): { errors: LinkFormValues; formError: string | undefined } {
  const errors: LinkFormValues = {};
  let formError: string | undefined;
  for (const issue of error.issues) {
    // utm's issues name the tag (["utm", "source"]): the form has a field per tag.
    const name = issue.path[0] === "utm" && typeof issue.path[1] === "string" ? `utm_${issue.path[1]}` : issue.path[0];
    const field = LINK_FORM_FIELDS.find((candidate) => candidate === name);
    if (field) errors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  return { errors, formError };
}
