// Evaluates a link's rules for a visitor: first match wins. Each record's rules are compiled once
// (sets, parsed ranges and times) and kept beside the record while it is cached, so a request pays
// only for the lookups its conditions make.
import { type IpRange, ipInRange, parseIpRange } from "./ip-ranges.ts";
import type { LinkRecord } from "./link-record.ts";
import type { Condition, Rule } from "./link-rules.ts";
import type { LocationInputs } from "./query-forwarding.ts";
import type { Visitor } from "./visitor.ts";

type Test = (visitor: Visitor, now: number) => boolean;

interface CompiledRule {
  /** Every one must hold (none: the rule always matches). */
  tests: Test[];
  /** A destination rule's target, or the variants' targets with their cumulative weights. */
  target?: LocationInputs;
  variants?: { target: LocationInputs; upTo: number }[];
}

const inSet = (values: string[], read: (visitor: Visitor) => string | null): Test => {
  const set = new Set(values);
  return (visitor) => {
    const value = read(visitor);
    return value !== null && set.has(value);
  };
};

function languageTest(values: string[]): Test {
  // "en" matches en, en-us, en-gb; "pt-br" matches pt-br only.
  const exact = new Set(values);
  const prefixes = values.map((value) => `${value}-`);
  return (visitor) => {
    const language = visitor.language;
    if (language === null) return false;
    if (exact.has(language)) return true;
    for (const prefix of prefixes) if (language.startsWith(prefix)) return true;
    return false;
  };
}

function compileCondition(condition: Condition): Test {
  const { values } = condition;
  switch (condition.type) {
    case "country":
      return inSet(values, (visitor) => visitor.facts.country);
    case "continent":
      return inSet(values, (visitor) => visitor.facts.continent);
    case "device":
      return inSet(values, (visitor) => visitor.device);
    case "os":
      return inSet(values, (visitor) => visitor.os);
    case "browser":
      return inSet(values, (visitor) => visitor.browser);
    case "language":
      return languageTest(values);
    case "ip": {
      const ranges = values.map(parseIpRange).filter((range): range is IpRange => range !== undefined);
      return (visitor) => {
        const ip = visitor.facts.ip;
        return ip !== null && ranges.some((range) => ipInRange(ip, range));
      };
    }
    case "time": {
      const instant = Date.parse(values[0] ?? "");
      return condition.op === "after" ? (_, now) => now >= instant : (_, now) => now < instant;
    }
    case "query": {
      const name = condition.param ?? "";
      if (condition.op === "exists") return (visitor) => visitor.search.length > 1 && visitor.query.has(name);
      if (condition.op === "absent") return (visitor) => visitor.search.length <= 1 || !visitor.query.has(name);
      const accepted = new Set(values);
      return (visitor) => visitor.search.length > 1 && visitor.query.getAll(name).some((value) => accepted.has(value));
    }
  }
}

function compileRule(rule: Rule, record: LinkRecord): CompiledRule {
  const tests = rule.conditions.map(compileCondition);
  const targetOf = (destination: string): LocationInputs => ({
    destination,
    forwarding: record.forwarding,
    utm: record.utm,
  });
  if (rule.destination !== undefined) return { tests, target: targetOf(rule.destination) };
  let upTo = 0;
  const variants = (rule.variants ?? []).map((variant) => {
    upTo += variant.weight;
    return { target: targetOf(variant.url), upTo };
  });
  return { tests, variants };
}

const compiled = new WeakMap<LinkRecord, CompiledRule[]>();

function allHold(tests: Test[], visitor: Visitor, now: number): boolean {
  for (const holds of tests) if (!holds(visitor, now)) return false;
  return true;
}

/** 32-bit FNV-1a: a stable, fast spread of the visitor's id over the 100 weight buckets. */
export function bucketOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100;
}

export interface RuleMatch {
  rule: number;
  variant: number | null;
  target: LocationInputs;
}

/** The first rule whose conditions all hold (and its variant for this visitor), or null. */
export function matchRule(record: LinkRecord, visitor: Visitor, now: number): RuleMatch | null {
  if (record.rules === null) return null;
  let rules = compiled.get(record);
  if (!rules) {
    rules = record.rules.map((rule) => compileRule(rule, record));
    compiled.set(record, rules);
  }
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index] as CompiledRule;
    if (!allHold(rule.tests, visitor, now)) continue;
    if (rule.target) return { rule: index, variant: null, target: rule.target };
    // Sticky: the same visitor, link and rule always land in the same bucket, so changing one
    // weight moves only the visitors of the share that changed.
    const bucket = bucketOf(`${visitor.visitorId}:${record.id}:${index}`);
    const variants = rule.variants ?? [];
    const variant = variants.findIndex((candidate) => bucket < candidate.upTo);
    const chosen = variants[variant] ?? variants[variants.length - 1];
    if (chosen) return { rule: index, variant: Math.max(variant, 0), target: chosen.target };
  }
  return null;
}
