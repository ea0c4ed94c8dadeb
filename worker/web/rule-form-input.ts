// The rules editor's fields (named by the API's own path: rules.0.conditions.1.values) read from a
// posted form, written as the API's `rules`, read back from a link's stored rules, and the API's
// refusals ("rules[0].variants[1].weight: ...") put back on the input they are about; and, for rules
// too many to show as rows (or when asked), the same rules as one JSON text and back. Pure.
import type { Rule } from "../domain/link-rules";
import { RULE_LIMITS } from "../domain/link-rules";

export interface ConditionRow {
  type: string;
  op: string;
  param: string;
  /** Comma-separated, as typed. */
  values: string;
}

export interface VariantRow {
  url: string;
  weight: string;
}

/** One rule's fieldset: its condition slots, its destination, its variant slots (blank ones included). */
export interface RuleRow {
  conditions: ConditionRow[];
  destination: string;
  variants: VariantRow[];
}

/** Errors by the key of the input (or group) they are about: "rules", "rules.0", "rules.0.variants.1.weight". */
export type RuleErrors = Record<string, string>;

/** Slots a blank rule is shown with: two conditions (a time window is two), two variants (a split's least). */
const BLANK_CONDITIONS = 2;
const BLANK_VARIANTS = 2;

const blankCondition = (): ConditionRow => ({ type: "", op: "", param: "", values: "" });
const blankVariant = (): VariantRow => ({ url: "", weight: "" });

export function blankRule(): RuleRow {
  return {
    conditions: Array.from({ length: BLANK_CONDITIONS }, blankCondition),
    destination: "",
    variants: Array.from({ length: BLANK_VARIANTS }, blankVariant),
  };
}

const text = (form: Record<string, unknown>, name: string): string | undefined => {
  const value = form[name];
  return typeof value === "string" ? value : undefined;
};

/**
 * The rule rows of a posted form, as typed (blank ones kept, so the page comes back as it was sent).
 * A row is there when its destination field is; slots likewise. Bounded by the API's limits.
 */
export function ruleRowsOf(form: Record<string, unknown>): RuleRow[] {
  const rows: RuleRow[] = [];
  for (let i = 0; i < RULE_LIMITS.rules; i++) {
    const at = `rules.${i}`;
    const destination = text(form, `${at}.destination`);
    if (destination === undefined) break;
    const conditions: ConditionRow[] = [];
    for (let j = 0; j < RULE_LIMITS.conditions; j++) {
      const type = text(form, `${at}.conditions.${j}.type`);
      if (type === undefined) break;
      const field = (name: string) => text(form, `${at}.conditions.${j}.${name}`) ?? "";
      conditions.push({ type, op: field("op"), param: field("param"), values: field("values") });
    }
    const variants: VariantRow[] = [];
    for (let k = 0; k < RULE_LIMITS.variants; k++) {
      const url = text(form, `${at}.variants.${k}.url`);
      if (url === undefined) break;
      variants.push({ url, weight: text(form, `${at}.variants.${k}.weight`) ?? "" });
    }
    rows.push({ conditions, destination, variants });
  }
  return rows;
}

/** What a press of one of the editor's add buttons asks for (the button's value), applied to the rows. */
export function withAdded(rows: RuleRow[], add: string): RuleRow[] {
  if (add === "rule") return rows.length < RULE_LIMITS.rules ? [...rows, blankRule()] : rows;
  const [what, index] = add.split(":");
  const at = Number(index);
  return rows.map((row, i) => {
    if (i !== at) return row;
    if (what === "condition" && row.conditions.length < RULE_LIMITS.conditions) {
      return { ...row, conditions: [...row.conditions, blankCondition()] };
    }
    if (what === "variant" && row.variants.length < RULE_LIMITS.variants) {
      return { ...row, variants: [...row.variants, blankVariant()] };
    }
    return row;
  });
}

/** A stored instant ("2026-12-24T18:00:00.000Z") as a datetime-local value in UTC ("2026-12-24T18:00"). */
export function utcLocal(iso: string | null): string {
  if (iso === null) return "";
  const local = iso.slice(0, 19);
  return local.endsWith(":00") ? local.slice(0, 16) : local;
}

/** A datetime-local value ("2026-12-31T23:59", seconds optional), read as UTC, in RFC 3339; else as typed. */
export function utcInstant(value: string): string {
  const given = value.trim();
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(given) ? `${given}${given.length === 16 ? ":00" : ""}Z` : given;
}

/**
 * The rows a link's stored rules fill: their conditions and variants only (an "Add ..." button makes a
 * blank slot), and one blank rule after, the only blank rows, so a long list of rules stays light.
 */
export function ruleRowsFrom(rules: readonly Rule[] | null): RuleRow[] {
  const rows = (rules ?? []).map(
    (rule): RuleRow => ({
      conditions: rule.conditions.map((condition) => ({
        type: condition.type,
        op: condition.op ?? "",
        param: condition.param ?? "",
        values: (condition.type === "time" ? condition.values.map(utcLocal) : condition.values).join(", "),
      })),
      destination: rule.destination ?? "",
      variants: (rule.variants ?? []).map((variant) => ({ url: variant.url, weight: String(variant.weight) })),
    }),
  );
  return rows.length < RULE_LIMITS.rules ? [...rows, blankRule()] : rows;
}

/**
 * HTML the rows weigh on the page, in bytes, measured on the edit page: a rule's box (its destination
 * and buttons), a condition row (two selects, two inputs), a variant row; what is typed comes on top.
 */
const ROW_HTML_BYTES = { rule: 450, condition: 1550, variant: 400 } as const;

/**
 * The most the rules' rows may weigh (the blank rule's 4.4 KB included), so the edit page stays under
 * about 49 KB, well within issue 31's 60 KB: the rest of it is about 23.5 KB, and the margin is for a
 * workspace's domains, Try it's answer, refusals. Measured: 10 rules of one condition, 48.3 KB as rows;
 * the API's most (25 rules of 10 conditions, 16 KiB), 44 KB as JSON.
 */
export const RULE_ROWS_MAX_BYTES = 25_000;

/** A typed text's length once escaped into an attribute ("&quot;" for a quote). */
const htmlLength = (typed: string) => typed.length + 5 * (typed.match(/[&<>"']/g)?.length ?? 0);

/** Whether the rows fit the page; past RULE_ROWS_MAX_BYTES the rules are edited as one JSON text. */
export function rowsFitThePage(rows: readonly RuleRow[]): boolean {
  let bytes = 0;
  for (const row of rows) {
    bytes += ROW_HTML_BYTES.rule + htmlLength(row.destination);
    for (const condition of row.conditions) {
      bytes += ROW_HTML_BYTES.condition + htmlLength(condition.param) + htmlLength(condition.values);
    }
    for (const variant of row.variants) {
      bytes += ROW_HTML_BYTES.variant + htmlLength(variant.url) + variant.weight.length;
    }
  }
  return bytes <= RULE_ROWS_MAX_BYTES;
}

/** The JSON editor's field: the API's `rules`, as one text. */
export const RULES_JSON_FIELD = "rules_json";

/** The hidden field that keeps why the JSON editor is shown across a post ("size": rows would not fit). */
export const RULES_JSON_WHY_FIELD = "rules_json_why";

/** The rules as the JSON editor shows them, and why: too many for rows, or the person asked for it. */
export interface RulesJson {
  text: string;
  why: "size" | "asked";
}

/** The JSON editor's text of a posted form, when the form had it (it then has no rows). */
export function rulesJsonIn(form: Record<string, unknown>): RulesJson | undefined {
  const text = form[RULES_JSON_FIELD];
  if (typeof text !== "string") return undefined;
  return { text, why: form[RULES_JSON_WHY_FIELD] === "size" ? "size" : "asked" };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An object's fields as JSON.stringify writes them (an undefined one left out). */
const fieldsOf = (value: Record<string, unknown>) => Object.entries(value).filter(([, field]) => field !== undefined);

/** A value on one line, spaced: { "type": "country", "values": ["DE", "AT"] }. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(", ")}]`;
  if (!isRecord(value)) return JSON.stringify(value) ?? "null";
  const fields = fieldsOf(value).map(([key, field]) => `${JSON.stringify(key)}: ${inlineJson(field)}`);
  return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
}

/** Lines broken down to `depth` (the list, a rule, its conditions and variants), each condition and variant on one. */
function prettyJson(value: unknown, depth: number, indent = ""): string {
  const entries: [string | undefined, unknown][] | undefined = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : isRecord(value)
      ? fieldsOf(value)
      : undefined;
  if (depth === 0 || entries === undefined || entries.length === 0) return inlineJson(value);
  const inner = `${indent}  `;
  const lines = entries.map(
    ([key, item]) =>
      `${inner}${key === undefined ? "" : `${JSON.stringify(key)}: `}${prettyJson(item, depth - 1, inner)}`,
  );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join(",\n")}\n${indent}${close}`;
}

/**
 * The API's `rules` as the JSON editor's text: pretty-printed, but each condition and variant on one line
 * (a list of 300 values one per line would be 300 lines and three times the bytes).
 */
export const rulesJsonOf = (rules: unknown): string => prettyJson(rules, 3);

/**
 * The JSON editor's text as the API's `rules` (empty text: none), left to the API's parser to judge;
 * or the syntax error, naming the field and where it is.
 */
export function rulesOfJson(text: string): { ok: true; rules: unknown } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, rules: [] };
  try {
    return { ok: true, rules: JSON.parse(text) };
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(said)?.[1];
    let where = "";
    if (position !== undefined && !/line \d+/.test(said)) {
      const before = text.slice(0, Number(position)).split("\n");
      where = ` (line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1})`;
    }
    return { ok: false, error: `${RULES_JSON_FIELD}: not valid JSON: ${said}${where}` };
  }
}

const filledCondition = (c: ConditionRow) => [c.type, c.op, c.param, c.values].some((v) => v.trim() !== "");
const filledVariant = (v: VariantRow) => v.url.trim() !== "" || v.weight.trim() !== "";
const filledRule = (r: RuleRow) =>
  r.destination.trim() !== "" || r.conditions.some(filledCondition) || r.variants.some(filledVariant);

/** Where each entry of the body came from: body index → form slot, for rules, conditions and variants. */
export interface RulePlaces {
  rules: number[];
  conditions: number[][];
  variants: number[][];
}

const list = (typed: string) =>
  typed
    .split(",")
    .map((value) => value.trim())
    .filter(Boolean);

/** A weight as the API takes it: a number when it reads as one, else the text (refused, by its place). */
const weightOf = (typed: string): number | string | undefined => {
  const given = typed.trim();
  if (given === "") return undefined;
  return /^\d{1,10}$/.test(given) ? Number(given) : given;
};

/**
 * The API's `rules` from the rows: blank rows and slots left out, everything else passed as typed (the
 * API's parser is the one judge), time values read as UTC like the builder's other times. `places`
 * maps the body's indexes back to the form's slots, for the refusals.
 */
export function rulesBodyOf(rows: readonly RuleRow[]): { rules: Record<string, unknown>[]; places: RulePlaces } {
  const places: RulePlaces = { rules: [], conditions: [], variants: [] };
  const rules: Record<string, unknown>[] = [];
  rows.forEach((row, i) => {
    if (!filledRule(row)) return;
    const conditionSlots: number[] = [];
    const conditions = row.conditions.flatMap((condition, j) => {
      if (!filledCondition(condition)) return [];
      conditionSlots.push(j);
      const type = condition.type.trim();
      const values = list(condition.values);
      return [
        {
          type,
          values: type === "time" ? values.map(utcInstant) : values,
          ...(condition.param.trim() === "" ? {} : { param: condition.param.trim() }),
          ...(condition.op.trim() === "" ? {} : { op: condition.op.trim() }),
        },
      ];
    });
    const variantSlots: number[] = [];
    const variants = row.variants.flatMap((variant, k) => {
      if (!filledVariant(variant)) return [];
      variantSlots.push(k);
      const weight = weightOf(variant.weight);
      return [{ url: variant.url.trim(), ...(weight === undefined ? {} : { weight }) }];
    });
    const destination = row.destination.trim();
    rules.push({
      conditions,
      ...(destination === "" ? {} : { destination }),
      ...(variants.length === 0 ? {} : { variants }),
    });
    places.rules.push(i);
    places.conditions.push(conditionSlots);
    places.variants.push(variantSlots);
  });
  return { rules, places };
}

// "rules[2].conditions[0].values[3]: ..." → its parts; "rules: ..." → none of them.
const PLACE =
  /^rules(?:\[(\d+)\](?:\.(conditions|variants|destination)(?:\[(\d+)\](?:\.(type|op|param|values|url|weight))?)?)?)?(?:\[\d+\])?:/;

/**
 * The key of the input (or group) an API refusal about the rules is about, in the form's slots: the
 * condition's field, the variant's url or weight, the rule's destination or its variants (a sum), the
 * rule itself, or "rules" for the whole list. Undefined when the message is not about the rules.
 */
export function ruleErrorKey(message: string, places: RulePlaces): string | undefined {
  const match = PLACE.exec(message);
  if (!match) return undefined;
  const [, ruleAt, part, slotAt, field] = match;
  if (ruleAt === undefined) return "rules";
  const rule = Number(ruleAt);
  const row = places.rules[rule];
  if (row === undefined) return "rules";
  const at = `rules.${row}`;
  if (part === undefined || (part === "conditions" && slotAt === undefined)) return at;
  if (part === "destination") return `${at}.destination`;
  if (part === "variants" && slotAt === undefined) return `${at}.variants`;
  const slots = part === "conditions" ? places.conditions[rule] : places.variants[rule];
  const slot = slots?.[Number(slotAt)];
  if (slot === undefined) return at;
  const first = part === "conditions" ? "type" : "url";
  return `${at}.${part}.${slot}.${field ?? first}`;
}

/** The input's id for a key (dots are awkward in selectors): rules-0-variants-1-weight. */
export const ruleInputId = (key: string) => key.replaceAll(".", "-");
