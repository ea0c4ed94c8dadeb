// A link's targeting rules and A/B splits, as stored and cached: an ordered list, first match wins.
// Parsing here is the one validation (the API, the CSV import and the cache all use it), and every
// refusal names its exact place: "rules[2].conditions[0].values[3]: not an ISO 3166 country code".

import { parseRfc3339 } from "../lib/time.ts";
import { CONTINENT_CODES, COUNTRY_CODES } from "./country-codes.ts";
import { parseIpRange } from "./ip-ranges.ts";
import { BROWSERS, OPERATING_SYSTEMS } from "./user-agent-traits.ts";

export const RULE_LIMITS = { rules: 25, conditions: 10, values: 300, variants: 10, bytes: 16 * 1024 } as const;

export const CONDITION_TYPES = [
  "country",
  "continent",
  "device",
  "os",
  "browser",
  "language",
  "query",
  "ip",
  "time",
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];
export const QUERY_OPS = ["equals", "exists", "absent"] as const;
export const TIME_OPS = ["after", "before"] as const;

export interface Condition {
  type: ConditionType;
  values: string[];
  /** query: the parameter's name. */
  param?: string;
  /** query: equals (default), exists, absent; time: after, before. */
  op?: string;
}

export interface Variant {
  url: string;
  weight: number;
}

export interface Rule {
  conditions: Condition[];
  destination?: string;
  variants?: Variant[];
}

/** Checks a destination: its serialisation, or what is wrong with it. */
export type DestinationChecker = (url: string) => { href: string } | { problem: string };

type Result<T> = { ok: true; value: T } | { ok: false; error: string };
const fail = (error: string): Result<never> => ({ ok: false, error });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const LANGUAGE_TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
const DEVICES = new Set(["mobile", "tablet", "desktop"]);
const MAX_VALUE_LENGTH = 200;

/** Each value as stored (normalised), or the problem with it. */
const VALUE_CHECKS: Record<
  Exclude<ConditionType, "query" | "time">,
  (value: string) => string | { problem: string }
> = {
  country: (value) =>
    COUNTRY_CODES.has(value.toUpperCase()) ? value.toUpperCase() : { problem: "not an ISO 3166 country code" },
  continent: (value) =>
    CONTINENT_CODES.has(value.toUpperCase())
      ? value.toUpperCase()
      : { problem: "not a continent code (AF, AN, AS, EU, NA, OC, SA)" },
  device: (value) =>
    DEVICES.has(value.toLowerCase()) ? value.toLowerCase() : { problem: "not a device (mobile, tablet, desktop)" },
  os: (value) =>
    (OPERATING_SYSTEMS as readonly string[]).includes(value.toLowerCase())
      ? value.toLowerCase()
      : { problem: `not an operating system (${OPERATING_SYSTEMS.join(", ")})` },
  browser: (value) =>
    (BROWSERS as readonly string[]).includes(value.toLowerCase())
      ? value.toLowerCase()
      : { problem: `not a browser (${BROWSERS.join(", ")})` },
  language: (value) => (LANGUAGE_TAG.test(value) ? value.toLowerCase() : { problem: "not a language tag (en, pt-br)" }),
  ip: (value) => (parseIpRange(value) ? value.toLowerCase() : { problem: "not an IP address or CIDR range" }),
};

function parseValues(at: string, raw: unknown, check?: (value: string) => string | { problem: string }) {
  if (!Array.isArray(raw)) return fail(`${at}.values: must be a list`);
  if (raw.length > RULE_LIMITS.values) return fail(`${at}.values: at most ${RULE_LIMITS.values} values`);
  const values: string[] = [];
  for (const [index, value] of raw.entries()) {
    if (typeof value !== "string" || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
      return fail(`${at}.values[${index}]: must be a string of 1 to ${MAX_VALUE_LENGTH} characters`);
    }
    const checked = check ? check(value) : value;
    if (typeof checked !== "string") return fail(`${at}.values[${index}]: ${checked.problem}`);
    values.push(checked);
  }
  return { ok: true as const, value: values };
}

function parseCondition(at: string, raw: unknown): Result<Condition> {
  if (!isObject(raw)) return fail(`${at}: must be an object`);
  const { type, values, param, op, ...rest } = raw;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return fail(`${at}: unknown field: ${unknown.join(", ")}`);
  if (typeof type !== "string" || !(CONDITION_TYPES as readonly string[]).includes(type)) {
    return fail(`${at}.type: must be one of ${CONDITION_TYPES.join(", ")}`);
  }
  const conditionType = type as ConditionType;
  if (conditionType === "query") {
    if (typeof param !== "string" || param.length === 0 || param.length > 128) {
      return fail(`${at}.param: the query parameter's name, 1 to 128 characters`);
    }
    const queryOp = op ?? "equals";
    if (typeof queryOp !== "string" || !(QUERY_OPS as readonly string[]).includes(queryOp)) {
      return fail(`${at}.op: must be one of ${QUERY_OPS.join(", ")}`);
    }
    const parsed = parseValues(at, values ?? []);
    if (!parsed.ok) return parsed;
    if (queryOp === "equals" && parsed.value.length === 0) return fail(`${at}.values: equals needs at least one value`);
    if (queryOp !== "equals" && parsed.value.length > 0) return fail(`${at}.values: ${queryOp} takes no values`);
    return { ok: true, value: { type: conditionType, param, op: queryOp, values: parsed.value } };
  }
  if (param !== undefined) return fail(`${at}.param: only a query condition has one`);
  if (conditionType === "time") {
    if (typeof op !== "string" || !(TIME_OPS as readonly string[]).includes(op)) {
      return fail(`${at}.op: must be one of ${TIME_OPS.join(", ")}`);
    }
    if (!Array.isArray(values) || values.length !== 1) return fail(`${at}.values: exactly one instant`);
    const instant = typeof values[0] === "string" ? parseRfc3339(values[0]) : undefined;
    if (!instant) return fail(`${at}.values[0]: not an RFC 3339 time with an offset`);
    return { ok: true, value: { type: conditionType, op, values: [instant.toISOString()] } };
  }
  if (op !== undefined) return fail(`${at}.op: only query and time conditions have one`);
  const parsed = parseValues(at, values, VALUE_CHECKS[conditionType]);
  if (!parsed.ok) return parsed;
  if (parsed.value.length === 0) return fail(`${at}.values: at least one value`);
  return { ok: true, value: { type: conditionType, values: parsed.value } };
}

function parseDestination(at: string, raw: unknown, check: DestinationChecker): Result<string> {
  if (typeof raw !== "string") return fail(`${at}: must be a URL`);
  const checked = check(raw);
  return "href" in checked ? { ok: true, value: checked.href } : fail(`${at}: ${checked.problem}`);
}

function parseVariants(at: string, raw: unknown, check: DestinationChecker): Result<Variant[]> {
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > RULE_LIMITS.variants) {
    return fail(`${at}: 2 to ${RULE_LIMITS.variants} variants`);
  }
  const variants: Variant[] = [];
  for (const [index, variant] of raw.entries()) {
    const place = `${at}[${index}]`;
    if (!isObject(variant)) return fail(`${place}: must be an object with url and weight`);
    const { url, weight, ...rest } = variant;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) return fail(`${place}: unknown field: ${unknown.join(", ")}`);
    const destination = parseDestination(`${place}.url`, url, check);
    if (!destination.ok) return destination;
    if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 1 || weight > 99) {
      return fail(`${place}.weight: an integer from 1 to 99`);
    }
    variants.push({ url: destination.value, weight });
  }
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (total !== 100) return fail(`${at}: weights must sum to 100 (they sum to ${total})`);
  return { ok: true, value: variants };
}

function parseRule(at: string, raw: unknown, check: DestinationChecker): Result<Rule> {
  if (!isObject(raw)) return fail(`${at}: must be an object`);
  const { conditions, destination, variants, ...rest } = raw;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return fail(`${at}: unknown field: ${unknown.join(", ")}`);
  if (!Array.isArray(conditions)) return fail(`${at}.conditions: must be a list (empty: always matches)`);
  if (conditions.length > RULE_LIMITS.conditions) {
    return fail(`${at}.conditions: at most ${RULE_LIMITS.conditions} conditions`);
  }
  const parsed: Condition[] = [];
  for (const [index, condition] of conditions.entries()) {
    const result = parseCondition(`${at}.conditions[${index}]`, condition);
    if (!result.ok) return result;
    parsed.push(result.value);
  }
  if ((destination === undefined) === (variants === undefined)) {
    return fail(`${at}: needs either a destination or variants`);
  }
  if (destination !== undefined) {
    const target = parseDestination(`${at}.destination`, destination, check);
    return target.ok ? { ok: true, value: { conditions: parsed, destination: target.value } } : target;
  }
  const split = parseVariants(`${at}.variants`, variants, check);
  return split.ok ? { ok: true, value: { conditions: parsed, variants: split.value } } : split;
}

/** The rules as stored, or the first problem, named by its place. */
export function parseRules(raw: unknown, check: DestinationChecker): Result<Rule[]> {
  if (!Array.isArray(raw)) return fail("rules: must be a list");
  if (raw.length > RULE_LIMITS.rules) return fail(`rules: at most ${RULE_LIMITS.rules} rules`);
  if (JSON.stringify(raw).length > RULE_LIMITS.bytes) return fail("rules: at most 16 KiB in all");
  const rules: Rule[] = [];
  for (const [index, rule] of raw.entries()) {
    const result = parseRule(`rules[${index}]`, rule, check);
    if (!result.ok) return result;
    rules.push(result.value);
  }
  return { ok: true, value: rules };
}

/** Every destination the rules can send people to, with its place (for the deployment's policy). */
export function ruleDestinations(rules: Rule[]): { at: string; url: string }[] {
  return rules.flatMap((rule, index) =>
    rule.destination !== undefined
      ? [{ at: `rules[${index}].destination`, url: rule.destination }]
      : (rule.variants ?? []).map((variant, v) => ({ at: `rules[${index}].variants[${v}].url`, url: variant.url })),
  );
}
