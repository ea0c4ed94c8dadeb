// A submitted link form as the API's body (POST /urls's for a new link; PUT /urls/{id}'s, only what
// changed, for an edit), a link as the form's values, and the API's refusals put back on their fields.
import type { z } from "@hono/zod-openapi";
import type { UrlResponse } from "../contracts/responses";
import { fieldNamedBy, stringFields } from "./form-parts";
import { LINK_FORM_FIELDS, type LinkFormField, type LinkFormValues, UTM_FORM_FIELDS } from "./link-form";
import {
  RULES_JSON_FIELD,
  type RuleErrors,
  type RulePlaces,
  type RuleRow,
  type RulesJson,
  ruleErrorKey,
  ruleRowsFrom,
  ruleRowsOf,
  rulesBodyOf,
  rulesJsonIn,
  rulesOfJson,
  utcInstant,
  utcLocal,
} from "./rule-form-input";

const filled = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

/**
 * What a posted builder form says: its fields as typed, its rule rows (or the rules as JSON, when the
 * form had the JSON editor), and which "Add ..." button was pressed.
 */
export interface LinkFormInput {
  values: LinkFormValues;
  rules: RuleRow[];
  /** The JSON editor's text, when the form had it (then there are no rows). */
  rulesJson?: RulesJson | undefined;
  /** The rules editor's add button pressed ("rule", "condition:0", "variant:1", "json"): re-show, do not save. */
  add: string | undefined;
}

export function linkFormInput(form: Record<string, unknown>): LinkFormInput {
  const add = form.add;
  return {
    values: stringFields(form, LINK_FORM_FIELDS),
    rules: ruleRowsOf(form),
    rulesJson: rulesJsonIn(form),
    add: typeof add === "string" && add !== "" ? add : undefined,
  };
}

const NO_PLACES: RulePlaces = { rules: [], conditions: [], variants: [] };

/** The rules typed: the rows as the API's rules (with their places), or the JSON editor's text parsed. */
type TypedRules = { ok: true; rules: unknown; places: RulePlaces } | { ok: false; error: string };

function typedRules(rows: readonly RuleRow[], json: RulesJson | undefined): TypedRules {
  if (json === undefined) return { ok: true, ...rulesBodyOf(rows) };
  const parsed = rulesOfJson(json.text);
  // The JSON's refusals are all shown next to its one field, so no place maps back to a row.
  return parsed.ok ? { ok: true, rules: parsed.rules, places: NO_PLACES } : parsed;
}

/** No rules: null or an empty list, as the API reads them. */
const noRules = (rules: unknown) =>
  rules === null || rules === undefined || (Array.isArray(rules) && rules.length === 0);

/** A datetime-local value ("2026-12-31T23:59"), read as UTC, in the API's RFC 3339 form. */
const instantOf = (value: string | undefined) => {
  const given = filled(value);
  return given === undefined ? undefined : utcInstant(given);
};

/** A number field as the API takes it: a number when it reads as one, else the text (refused, by name). */
const count = (value: string | undefined) => {
  const given = filled(value);
  if (given === undefined) return undefined;
  return /^\d{1,10}$/.test(given) ? Number(given) : given;
};

const tagList = (value: string | undefined) =>
  (filled(value) ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

const utmOf = (values: LinkFormValues): Record<string, string> =>
  Object.fromEntries(
    UTM_FORM_FIELDS.flatMap((field) => {
      const value = filled(values[field]);
      return value === undefined ? [] : [[field.replace("utm_", ""), value]];
    }),
  );

/**
 * The body POST /urls would take: empty fields and blank rules left out, tags split on commas; the
 * rules from the rows, or from the JSON editor's text (whose syntax error is the one refusal made here).
 */
export function createBodyOf(
  values: LinkFormValues,
  rows: readonly RuleRow[] = [],
  json?: RulesJson,
): { body: Record<string, unknown>; places: RulePlaces; ruleErrors: RuleErrors } {
  const tags = tagList(values.tags);
  const utm = utmOf(values);
  const typed = typedRules(rows, json);
  const rules = typed.ok ? typed.rules : undefined;
  const optional: Record<string, unknown> = {
    short_code: filled(values.short_code),
    title: filled(values.title),
    tags: tags.length > 0 ? tags : undefined,
    domain: filled(values.domain),
    valid_since: instantOf(values.valid_since),
    expires_at: instantOf(values.expires_at),
    max_clicks: count(values.max_clicks),
    expired_url: filled(values.expired_url),
    fallback_url: filled(values.fallback_url),
    query_forwarding: filled(values.query_forwarding),
    utm: Object.keys(utm).length > 0 ? utm : undefined,
    rules: noRules(rules) ? undefined : rules,
    // Not trimmed: a password is exactly what was typed (the API refuses edge whitespace, by name).
    password: values.password === undefined || values.password === "" ? undefined : values.password,
  };
  const body = {
    original_url: filled(values.original_url),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
  return typed.ok
    ? { body, places: typed.places, ruleErrors: {} }
    : { body, places: NO_PLACES, ruleErrors: { [RULES_JSON_FIELD]: typed.error } };
}

/** A link's settings as the form shows them (UTC times as datetime-local; never its password). */
export function formOfLink(url: UrlResponse): { values: LinkFormValues; rules: RuleRow[] } {
  const values: LinkFormValues = {
    original_url: url.original_url,
    domain: url.domain ?? "",
    short_code: url.short_code,
    title: url.title ?? "",
    tags: url.tags.join(", "),
    valid_since: utcLocal(url.valid_since),
    expires_at: utcLocal(url.expires_at),
    max_clicks: url.max_clicks === null ? "" : String(url.max_clicks),
    expired_url: url.expired_url ?? "",
    fallback_url: url.fallback_url ?? "",
    // The select's first option is the default mode, fill.
    query_forwarding: url.query_forwarding === "fill" ? "" : url.query_forwarding,
  };
  for (const field of UTM_FORM_FIELDS) values[field] = url.utm?.[field.replace("utm_", "") as "source"] ?? "";
  return { values, rules: ruleRowsFrom(url.rules) };
}

/** Each editable field as PUT /urls/{id} takes it, an emptied field clearing the setting. */
const EDITED: Partial<Record<LinkFormField, (value: string) => unknown>> = {
  original_url: (value) => value.trim(),
  title: (value) => filled(value) ?? null,
  tags: tagList,
  domain: (value) => filled(value) ?? null,
  valid_since: (value) => instantOf(value) ?? null,
  expires_at: (value) => instantOf(value) ?? null,
  max_clicks: (value) => count(value) ?? null,
  expired_url: (value) => filled(value) ?? null,
  fallback_url: (value) => filled(value) ?? null,
  query_forwarding: (value) => filled(value) ?? "fill",
};

export const BOTH_PASSWORD_CHOICES = "password: type a new one or remove it, not both";

/**
 * The edit as PUT /urls/{id} takes it: only what differs from the link as the form showed it (a
 * destination sent unchanged would start its health checks over; a field the post lacks is left as it
 * is). A password is sent when typed, removed when asked; the UTM tags go as one object; the rules
 * from the rows or the JSON editor, when they differ from the stored ones.
 */
export function editBodyOf(
  input: LinkFormInput,
  url: UrlResponse,
): { body: Record<string, unknown>; places: RulePlaces; errors: LinkFormValues; ruleErrors: RuleErrors } {
  const { values } = input;
  const before = formOfLink(url);
  const changed = (field: LinkFormField) => {
    const typed = values[field];
    return typed !== undefined && typed.trim() !== (before.values[field] ?? "").trim();
  };
  const body: Record<string, unknown> = {};
  for (const [field, map] of Object.entries(EDITED) as [LinkFormField, (value: string) => unknown][]) {
    if (changed(field)) body[field] = map(values[field] ?? "");
  }
  if (UTM_FORM_FIELDS.some(changed)) {
    const utm = utmOf(values);
    body.utm = Object.keys(utm).length > 0 ? utm : null;
  }
  const errors: LinkFormValues = {};
  const password = values.password ?? "";
  if (values.remove_password === "on" && password !== "") errors.password = BOTH_PASSWORD_CHOICES;
  else if (values.remove_password === "on") body.password = null;
  else if (password !== "") body.password = password;
  const typed = typedRules(input.rules, input.rulesJson);
  if (!typed.ok) return { body, places: NO_PLACES, errors, ruleErrors: { [RULES_JSON_FIELD]: typed.error } };
  // The rows as the API's rules compare with the stored ones shown as rows; the JSON with the stored JSON.
  const stored = input.rulesJson === undefined ? rulesBodyOf(before.rules).rules : url.rules;
  const same = noRules(typed.rules) ? noRules(stored) : JSON.stringify(typed.rules) === JSON.stringify(stored);
  // A post without the editor's fields (no row at all, no JSON) leaves the rules as they are.
  if ((input.rules.length > 0 || input.rulesJson !== undefined) && !same) {
    body.rules = noRules(typed.rules) ? null : typed.rules;
  }
  return { body, places: typed.places, errors, ruleErrors: {} };
}

/** Where refusals go: a field of the form, an input of the rules editor, or the form as a whole. */
export interface FormErrors {
  errors: LinkFormValues;
  ruleErrors: RuleErrors;
  formError: string | undefined;
}

/** The field a refusal names (the API's messages start with it, or quote it), else undefined. */
export function fieldOfMessage(message: string): LinkFormField | undefined {
  if (message === "invalid url" || message.startsWith("original_url")) return "original_url";
  const utm = /^utm[._](source|medium|campaign|term|content)/.exec(message);
  if (utm) return `utm_${utm[1]}` as LinkFormField;
  return fieldNamedBy(message, LINK_FORM_FIELDS);
}

/** One API refusal on its field: the rules' by the place the message names, others by the field it starts with. */
export function errorsOfMessage(message: string, places: RulePlaces): FormErrors {
  const ruleKey = ruleErrorKey(message, places);
  if (ruleKey !== undefined) return { errors: {}, ruleErrors: { [ruleKey]: message }, formError: undefined };
  const field = fieldOfMessage(message);
  if (field) return { errors: { [field]: message }, ruleErrors: {}, formError: undefined };
  return { errors: {}, ruleErrors: {}, formError: message };
}

/** Zod's issues on their fields (the first per field); those of no field are the form's. */
export function errorsOfIssues(error: z.ZodError, places: RulePlaces): FormErrors {
  const found: FormErrors = { errors: {}, ruleErrors: {}, formError: undefined };
  for (const issue of error.issues) {
    // The rules' issues are one message naming the exact place (rules[0].variants[1].weight: ...).
    if (issue.path[0] === "rules") {
      const key = ruleErrorKey(issue.message, places) ?? "rules";
      found.ruleErrors[key] ??= issue.message;
      continue;
    }
    // utm's issues name the tag (["utm", "source"]): the form has a field per tag.
    const name = issue.path[0] === "utm" && typeof issue.path[1] === "string" ? `utm_${issue.path[1]}` : issue.path[0];
    // A refinement of the whole body (an ordered window) has no path: its message names the field.
    const field =
      LINK_FORM_FIELDS.find((candidate) => candidate === name) ??
      (issue.path.length === 0 ? fieldOfMessage(issue.message) : undefined);
    if (field) found.errors[field] ??= issue.message;
    else found.formError ??= issue.message;
  }
  return found;
}
