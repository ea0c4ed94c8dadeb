// The link builder's rules editor: a fieldset per rule, with its conditions (the API's condition
// types), then where a match goes: one URL, or an A/B split of URLs with weights. Without script, each
// "Add ..." button posts the form back with one more blank row (what was typed kept). Every input is
// named by its place in the API's `rules` (rule-form-input.ts), so a refusal lands next to its input.
// Rules too many for rows within the page's size, or when asked, are one JSON text instead, the API's
// own `rules`, with every refusal of them next to it.
import { CONDITION_TYPES, QUERY_OPS, RULE_LIMITS, TIME_OPS } from "../domain/link-rules";
import type { ConditionRow, RuleErrors, RuleRow, RulesJson, VariantRow } from "./rule-form-input";
import { RULES_JSON_FIELD, RULES_JSON_WHY_FIELD, ruleInputId } from "./rule-form-input";

const TYPE_LABELS: Record<(typeof CONDITION_TYPES)[number], string> = {
  country: "Country",
  continent: "Continent",
  device: "Device",
  os: "Operating system",
  browser: "Browser",
  language: "Language",
  query: "Query parameter",
  ip: "IP address or range",
  time: "Time (UTC)",
};

const HINT_ID = "rules-hint";

/** An error paragraph for `key`, and the attributes of the input it describes. */
function errorOf(errors: RuleErrors, key: string) {
  const message = errors[key];
  const id = `${ruleInputId(key)}-error`;
  return {
    attributes: {
      "aria-invalid": message ? "true" : undefined,
      "aria-describedby": message ? id : undefined,
    },
    paragraph: message ? (
      <p class="error" id={id}>
        {message}
      </p>
    ) : null,
  };
}

function Input(props: {
  name: string;
  label: string;
  value: string;
  errors: RuleErrors;
  type?: string;
  hint?: string;
}) {
  const id = ruleInputId(props.name);
  const { attributes, paragraph } = errorOf(props.errors, props.name);
  const described = [props.hint, attributes["aria-describedby"]].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        min={props.type === "number" ? "1" : undefined}
        max={props.type === "number" ? "99" : undefined}
        aria-invalid={attributes["aria-invalid"]}
        aria-describedby={described}
      />
      {paragraph}
    </div>
  );
}

function Select(props: { name: string; label: string; value: string; errors: RuleErrors; options: string[][] }) {
  const id = ruleInputId(props.name);
  const { attributes, paragraph } = errorOf(props.errors, props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} {...attributes}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={props.value === value}>
            {label}
          </option>
        ))}
      </select>
      {paragraph}
    </div>
  );
}

function Condition(props: { at: string; index: number; condition: ConditionRow; errors: RuleErrors }) {
  const { at, condition, errors } = props;
  const name = (field: string) => `${at}.${field}`;
  return (
    <fieldset class="condition">
      <legend>Condition {props.index + 1}</legend>
      <Select
        name={name("type")}
        label="When the visitor's"
        value={condition.type}
        errors={errors}
        options={[["", "(not used)"], ...CONDITION_TYPES.map((type) => [type, TYPE_LABELS[type]])]}
      />
      <Select
        name={name("op")}
        label="Test"
        value={condition.op}
        errors={errors}
        options={[["", "is one of (default)"], ...[...QUERY_OPS, ...TIME_OPS].map((op) => [op, op])]}
      />
      <Input name={name("param")} label="Parameter name (query)" value={condition.param} errors={errors} />
      <Input name={name("values")} label="Values" value={condition.values} errors={errors} hint={HINT_ID} />
    </fieldset>
  );
}

function Variant(props: { at: string; index: number; variant: VariantRow; errors: RuleErrors }) {
  const { at, index, variant, errors } = props;
  return (
    <div class="variant">
      <Input name={`${at}.url`} label={`Variant ${index + 1} URL`} type="url" value={variant.url} errors={errors} />
      <Input
        name={`${at}.weight`}
        label={`Variant ${index + 1} weight (%)`}
        type="number"
        value={variant.weight}
        errors={errors}
      />
    </div>
  );
}

function RuleFieldset(props: { row: RuleRow; index: number; errors: RuleErrors }) {
  const { row, index, errors } = props;
  const at = `rules.${index}`;
  const rule = errorOf(errors, at);
  const split = errorOf(errors, `${at}.variants`);
  return (
    <fieldset class="rule" id={ruleInputId(at)} aria-describedby={rule.attributes["aria-describedby"]}>
      <legend>Rule {index + 1}</legend>
      {rule.paragraph}
      {row.conditions.map((condition, j) => (
        <Condition at={`${at}.conditions.${j}`} index={j} condition={condition} errors={errors} />
      ))}
      {row.conditions.length < RULE_LIMITS.conditions && (
        <button class="quiet" type="submit" name="add" value={`condition:${index}`}>
          Add a condition to rule {index + 1}
        </button>
      )}
      <Input name={`${at}.destination`} label="Then send them to" type="url" value={row.destination} errors={errors} />
      <fieldset class="variants" aria-describedby={split.attributes["aria-describedby"]}>
        <legend>…or split them between URLs (A/B), weights summing to 100</legend>
        {split.paragraph}
        {row.variants.map((variant, k) => (
          <Variant at={`${at}.variants.${k}`} index={k} variant={variant} errors={errors} />
        ))}
        {row.variants.length < RULE_LIMITS.variants && (
          <button class="quiet" type="submit" name="add" value={`variant:${index}`}>
            Add a variant to rule {index + 1}
          </button>
        )}
      </fieldset>
    </fieldset>
  );
}

const JSON_NOTE_ID = `${RULES_JSON_FIELD}-note`;
const JSON_ERROR_ID = `${RULES_JSON_FIELD}-error`;

/** A textarea's text as HTML: only & and < matter there (quotes kept as they are: JSON is full of them). */
const textareaHtml = (text: string) =>
  // The parser drops one newline right after <textarea>: this one, so a text's own first newline stays.
  `\n${text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}`;

/** The rules as one JSON text, with why it is shown so and every refusal of them next to it. */
function RulesJsonEditor(props: { json: RulesJson; errors: RuleErrors }) {
  const { json, errors } = props;
  const messages = [...new Set(Object.values(errors))];
  const lines = json.text.split("\n").length;
  return (
    <div class="field">
      <p class="note" id={JSON_NOTE_ID}>
        {json.why === "size"
          ? "This link has too many rules to show as rows within this page's size, so they are shown as JSON. "
          : ""}
        The rules in the API's own format: a list where the first rule that holds decides, each rule with its conditions
        (type, values, and op or param where the type has one) and either a destination or variants (url, weight). An
        empty list, [], removes them all.
      </p>
      {json.why === "size" && <input type="hidden" name={RULES_JSON_WHY_FIELD} value="size" />}
      <label for={RULES_JSON_FIELD}>Rules (JSON)</label>
      <textarea
        id={RULES_JSON_FIELD}
        name={RULES_JSON_FIELD}
        class="rules-json"
        rows={Math.min(Math.max(lines, 8), 30)}
        spellcheck={false}
        autocomplete="off"
        aria-invalid={messages.length > 0 ? "true" : undefined}
        aria-describedby={messages.length > 0 ? `${JSON_NOTE_ID} ${JSON_ERROR_ID}` : JSON_NOTE_ID}
        dangerouslySetInnerHTML={{ __html: textareaHtml(json.text) }}
      />
      {messages.length > 0 && (
        <p class="error" id={JSON_ERROR_ID}>
          {messages.join(" ")}
        </p>
      )}
    </div>
  );
}

export function RulesEditor(props: {
  rows: RuleRow[];
  json?: RulesJson | undefined;
  errors: RuleErrors;
  open: boolean;
}) {
  const { rows, json, errors } = props;
  if (json !== undefined) {
    return (
      <details class="more rules" open>
        <summary>Targeting rules and A/B splits</summary>
        <RulesJsonEditor json={json} errors={errors} />
      </details>
    );
  }
  const whole = errorOf(errors, "rules");
  return (
    <details class="more rules" open={props.open || Object.keys(errors).length > 0}>
      <summary>Targeting rules and A/B splits</summary>
      <p class="note" id={HINT_ID}>
        The first rule whose conditions all hold decides where a visitor goes; when none does, the link's own
        destination. Values are comma-separated: countries DE, AT; continents EU; devices mobile, tablet, desktop;
        languages en, pt-br; an IP or range 203.0.113.0/24; a time (UTC) 2026-12-24T18:00 with the test after or before.
        A query condition names its parameter and tests equals (its values), exists or absent. A rule with no condition
        always holds. Leave a rule blank to drop it.
      </p>
      {whole.paragraph}
      {rows.map((row, index) => (
        <RuleFieldset row={row} index={index} errors={errors} />
      ))}
      {rows.length < RULE_LIMITS.rules && (
        <button class="quiet" type="submit" name="add" value="rule">
          Add a rule
        </button>
      )}
      <button class="quiet" type="submit" name="add" value="json">
        Edit the rules as JSON
      </button>
    </details>
  );
}
