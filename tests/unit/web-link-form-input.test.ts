// The link builder's form as the API's bodies (pure): the rules editor's rows as `rules` (blank rows
// dropped, each body index mapped back to its slot), the API's refusals back on the right input, a
// link's settings as the form shows them, an edit sending only what changed, and the rules as one
// JSON text (too many for rows, or asked for) and back.
import { describe, expect, it } from "vitest";
import { CreateUrlBody, UpdateUrlBody } from "../../worker/contracts/link-requests";
import type { UrlResponse } from "../../worker/contracts/responses";
import {
  BOTH_PASSWORD_CHOICES,
  createBodyOf,
  editBodyOf,
  errorsOfIssues,
  errorsOfMessage,
  formOfLink,
  linkFormInput,
} from "../../worker/web/link-form-input";
import {
  blankRule,
  RULES_JSON_FIELD,
  type RuleRow,
  rowsFitThePage,
  ruleErrorKey,
  ruleRowsFrom,
  ruleRowsOf,
  rulesBodyOf,
  rulesJsonOf,
  rulesOfJson,
  utcInstant,
  utcLocal,
  withAdded,
} from "../../worker/web/rule-form-input";

const row = (partial: Partial<RuleRow>): RuleRow => ({ ...blankRule(), ...partial });
const condition = (type: string, values: string, extra: { op?: string; param?: string } = {}) => ({
  type,
  values,
  op: extra.op ?? "",
  param: extra.param ?? "",
});

/** A stored link, as GET /urls/{id} answers it (only what the form reads matters). */
function storedLink(overrides: Partial<UrlResponse> = {}): UrlResponse {
  return {
    clicks_remaining: null,
    created_at: "2026-01-01T00:00:00",
    expired_url: null,
    expires_at: null,
    fallback_url: null,
    health: {
      state: "unknown",
      checked_at: null,
      status: null,
      final_url: null,
      hops: null,
      latency_ms: null,
      error: null,
    },
    id: 7,
    imported_clicks: 0,
    domain: null,
    is_active: true,
    max_clicks: null,
    original_url: "https://example.com/",
    password_protected: false,
    query_forwarding: "fill",
    rules: null,
    short_code: "abc123",
    state: "active",
    tags: ["a", "b"],
    title: "A link",
    updated_at: "2026-01-01T00:00:00",
    user_id: null,
    utm: null,
    valid_since: null,
    workspace_id: 1,
    ...overrides,
  };
}

describe("the rules editor's rows as the API's rules", () => {
  it("drops blank rows and slots, splits values on commas, reads times as UTC, keeps weights as numbers", () => {
    const rows = [
      blankRule(),
      row({
        conditions: [
          condition("", ""),
          condition("country", " de, AT ,"),
          condition("time", "2026-12-24T18:00", { op: "after" }),
        ],
        destination: " https://example.de/ ",
      }),
      blankRule(),
      row({
        variants: [
          { url: "https://example.com/a", weight: "70" },
          { url: "", weight: "" },
          { url: "https://example.com/b", weight: "30" },
        ],
      }),
    ];
    const { rules, places } = rulesBodyOf(rows);
    expect(rules).toEqual([
      {
        conditions: [
          { type: "country", values: ["de", "AT"] },
          { type: "time", values: ["2026-12-24T18:00:00Z"], op: "after" },
        ],
        destination: "https://example.de/",
      },
      {
        conditions: [],
        variants: [
          { url: "https://example.com/a", weight: 70 },
          { url: "https://example.com/b", weight: 30 },
        ],
      },
    ]);
    expect(places).toEqual({ rules: [1, 3], conditions: [[1, 2], []], variants: [[], [0, 2]] });
    // What the API makes of them: normalised, accepted.
    const parsed = CreateUrlBody.safeParse({ original_url: "https://example.com/", rules });
    expect(parsed.success).toBe(true);
  });

  it("passes a malformed weight on as typed, for the API to refuse by its place", () => {
    const { rules } = rulesBodyOf([
      row({
        variants: [
          { url: "https://example.com/a", weight: "half" },
          { url: "https://example.com/b", weight: "" },
        ],
      }),
    ]);
    expect(rules[0]?.variants).toEqual([
      { url: "https://example.com/a", weight: "half" },
      { url: "https://example.com/b" },
    ]);
  });

  it("reads the rows of a posted form by their API names, blank slots kept", () => {
    const form = {
      "rules.0.destination": "",
      "rules.0.conditions.0.type": "device",
      "rules.0.conditions.0.op": "",
      "rules.0.conditions.0.param": "",
      "rules.0.conditions.0.values": "mobile",
      "rules.0.conditions.1.type": "",
      "rules.0.variants.0.url": "https://example.com/a",
      "rules.0.variants.0.weight": "50",
      "rules.0.variants.1.url": "",
      "rules.1.destination": "https://example.com/x",
      // Not a row: its destination field is missing.
      "rules.3.destination": "https://example.com/skipped",
    };
    expect(ruleRowsOf(form)).toEqual([
      {
        conditions: [condition("device", "mobile"), condition("", "")],
        destination: "",
        variants: [
          { url: "https://example.com/a", weight: "50" },
          { url: "", weight: "" },
        ],
      },
      { conditions: [], destination: "https://example.com/x", variants: [] },
    ]);
    expect(linkFormInput({ ...form, add: "variant:1" }).add).toBe("variant:1");
  });

  it("adds one blank rule, condition or variant where a button asks", () => {
    const rows = [blankRule()];
    expect(withAdded(rows, "rule")).toHaveLength(2);
    expect(withAdded(rows, "condition:0")[0]?.conditions).toHaveLength(3);
    expect(withAdded(rows, "variant:0")[0]?.variants).toHaveLength(3);
    expect(withAdded(rows, "variant:5")).toEqual(rows);
  });

  it("shows stored rules as their filled rows only, one blank rule after, and reads them back the same", () => {
    const stored = [
      {
        conditions: [{ type: "time" as const, op: "before", values: ["2026-12-24T18:00:00.000Z"] }],
        destination: "https://example.com/x",
      },
      {
        conditions: [],
        variants: [
          { url: "https://example.com/a", weight: 80 },
          { url: "https://example.com/b", weight: 20 },
        ],
      },
    ];
    const rows = ruleRowsFrom(stored);
    expect(rows).toHaveLength(3);
    // No blank condition or variant slot on a filled rule: its "Add ..." buttons make one.
    expect(rows[0]?.conditions).toEqual([condition("time", "2026-12-24T18:00", { op: "before" })]);
    expect(rows[0]?.variants).toEqual([]);
    expect(rows[1]?.conditions).toEqual([]);
    expect(rows[1]?.variants).toEqual([
      { url: "https://example.com/a", weight: "80" },
      { url: "https://example.com/b", weight: "20" },
    ]);
    // The one blank rule, with its blank slots.
    expect(rows[2]).toEqual(blankRule());
    const parsed = UpdateUrlBody.safeParse({ rules: rulesBodyOf(rows).rules });
    expect(parsed.success && parsed.data.rules).toEqual(stored);
  });

  it("times: a stored instant as datetime-local in UTC, and back", () => {
    expect(utcLocal("2026-12-24T18:00:00.000Z")).toBe("2026-12-24T18:00");
    expect(utcLocal("2026-12-24T18:00:30.000Z")).toBe("2026-12-24T18:00:30");
    expect(utcInstant("2026-12-24T18:00")).toBe("2026-12-24T18:00:00Z");
    expect(utcInstant("2026-12-24T18:00:30")).toBe("2026-12-24T18:00:30Z");
    expect(utcInstant("tomorrow")).toBe("tomorrow");
  });
});

describe("the API's refusals on their inputs", () => {
  // Body rule 0 is form row 1 (row 0 blank); its conditions 0, 1 are slots 1, 2; its variants 0, 1 slots 0, 2.
  const places = { rules: [1], conditions: [[1, 2]], variants: [[0, 2]] };

  it.each([
    ["rules[0].variants: weights must sum to 100 (they sum to 90)", "rules.1.variants"],
    ["rules[0].variants[1].weight: an integer from 1 to 99", "rules.1.variants.2.weight"],
    ["rules[0].variants[1].url: invalid url", "rules.1.variants.2.url"],
    ["rules[0].variants[0]: must be an object with url and weight", "rules.1.variants.0.url"],
    ["rules[0].conditions[1].values[3]: not an ISO 3166 country code", "rules.1.conditions.2.values"],
    ["rules[0].conditions[0].op: must be one of after, before", "rules.1.conditions.1.op"],
    ["rules[0].conditions[0]: unknown field: x", "rules.1.conditions.1.type"],
    ["rules[0].conditions: at most 10 conditions", "rules.1"],
    ["rules[0].destination: invalid url: links to this service itself are not allowed", "rules.1.destination"],
    ["rules[0]: needs either a destination or variants", "rules.1"],
    ["rules: at most 25 rules", "rules"],
  ])("%s → %s", (message, key) => {
    expect(ruleErrorKey(message, places)).toBe(key);
    expect(errorsOfMessage(message, places).ruleErrors).toEqual({ [key]: message });
  });

  it("leaves other messages to their field, or to the form", () => {
    expect(ruleErrorKey("short_code already exists", places)).toBeUndefined();
    expect(errorsOfMessage("short_code already exists", places).errors).toEqual({
      short_code: "short_code already exists",
    });
    expect(errorsOfMessage("something else", places).formError).toBe("something else");
  });

  it("puts the schema's own refusal of the weights on that rule's split", () => {
    const rows = [
      blankRule(),
      row({
        variants: [
          { url: "https://example.com/a", weight: "60" },
          { url: "https://example.com/b", weight: "30" },
        ],
      }),
    ];
    const { body, places: made } = createBodyOf({ original_url: "https://example.com/" }, rows);
    const parsed = CreateUrlBody.safeParse(body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(errorsOfIssues(parsed.error, made).ruleErrors).toEqual({
      "rules.1.variants": "rules[0].variants: weights must sum to 100 (they sum to 90)",
    });
  });
});

describe("an edit sends only what changed", () => {
  it("a link's settings fill the form (never its password), and sent back unchanged they change nothing", () => {
    const url = storedLink({
      expires_at: "2099-12-31T23:59:00.000Z",
      max_clicks: 5,
      utm: { source: "news" },
      query_forwarding: "merge",
      password_protected: true,
      rules: [{ conditions: [{ type: "country", values: ["DE"] }], destination: "https://example.de/" }],
    });
    const { values, rules } = formOfLink(url);
    expect(values).toMatchObject({
      expires_at: "2099-12-31T23:59",
      max_clicks: "5",
      utm_source: "news",
      query_forwarding: "merge",
      tags: "a, b",
    });
    expect(values.password).toBeUndefined();
    expect(editBodyOf({ values, rules, add: undefined }, url).body).toEqual({});
  });

  it("changes the expiry and the password without touching the destination", () => {
    const url = storedLink();
    const { values, rules } = formOfLink(url);
    const edited = { ...values, expires_at: "2099-01-02T03:04", password: " kept as typed " };
    expect(editBodyOf({ values: edited, rules, add: undefined }, url).body).toEqual({
      expires_at: "2099-01-02T03:04:00Z",
      password: " kept as typed ",
    });
  });

  it("an emptied field clears its setting; a field the post lacks is left as it is", () => {
    const url = storedLink({ max_clicks: 5, title: "T", utm: { source: "news", medium: "mail" } });
    const { values, rules } = formOfLink(url);
    const { title: _absent, ...withoutTitle } = values;
    const body = editBodyOf(
      { values: { ...withoutTitle, max_clicks: "", utm_source: "" }, rules, add: undefined },
      url,
    ).body;
    expect(body).toEqual({ max_clicks: null, utm: { medium: "mail" } });
  });

  it("removes a password when asked, refuses a new one and a removal at once", () => {
    const url = storedLink({ password_protected: true });
    const { values, rules } = formOfLink(url);
    expect(editBodyOf({ values: { ...values, remove_password: "on" }, rules, add: undefined }, url).body).toEqual({
      password: null,
    });
    const both = editBodyOf(
      { values: { ...values, remove_password: "on", password: "new" }, rules, add: undefined },
      url,
    );
    expect(both.errors).toEqual({ password: BOTH_PASSWORD_CHOICES });
  });

  it("sends the rules when they changed, null when every row is blank, nothing when the post has no editor", () => {
    const url = storedLink({
      rules: [{ conditions: [{ type: "country", values: ["DE"] }], destination: "https://example.de/" }],
    });
    const { values, rules } = formOfLink(url);
    const moved = rules.map((one, i) => (i === 0 ? { ...one, destination: "https://example.at/" } : one));
    expect(editBodyOf({ values, rules: moved, add: undefined }, url).body).toEqual({
      rules: [{ conditions: [{ type: "country", values: ["DE"] }], destination: "https://example.at/" }],
    });
    expect(editBodyOf({ values, rules: [blankRule()], add: undefined }, url).body).toEqual({ rules: null });
    expect(editBodyOf({ values, rules: [], add: undefined }, url).body).toEqual({});
  });
});

describe("the rules as JSON", () => {
  const stored = [
    {
      conditions: [
        { type: "country" as const, values: ["DE", "AT"] },
        { type: "query" as const, param: "src", op: "equals", values: ["news"] },
      ],
      destination: "https://example.de/",
    },
    {
      conditions: [],
      variants: [
        { url: "https://example.com/a", weight: 80 },
        { url: "https://example.com/b", weight: 20 },
      ],
    },
  ];
  /** `count` rules of `conditions` conditions each, as stored. */
  const many = (count: number, conditions: number) =>
    Array.from({ length: count }, (_, i) => ({
      conditions: Array.from({ length: conditions }, () => ({ type: "country" as const, values: ["DE"] })),
      destination: `https://example.de/${i}`,
    }));

  it("pretty-prints a rule's fields on their own lines, each condition and variant on one, and reads back the same", () => {
    const text = rulesJsonOf(stored);
    expect(text).toBe(
      [
        "[",
        "  {",
        '    "conditions": [',
        '      { "type": "country", "values": ["DE", "AT"] },',
        '      { "type": "query", "param": "src", "op": "equals", "values": ["news"] }',
        "    ],",
        '    "destination": "https://example.de/"',
        "  },",
        "  {",
        '    "conditions": [],',
        '    "variants": [',
        '      { "url": "https://example.com/a", "weight": 80 },',
        '      { "url": "https://example.com/b", "weight": 20 }',
        "    ]",
        "  }",
        "]",
      ].join("\n"),
    );
    expect(rulesOfJson(text)).toEqual({ ok: true, rules: stored });
    expect(rulesJsonOf(null)).toBe("null");
    expect(rulesJsonOf([])).toBe("[]");
  });

  it("reads an empty text as no rules, and refuses a syntax error naming the field and the line", () => {
    expect(rulesOfJson("  \n")).toEqual({ ok: true, rules: [] });
    // Anything that parses is the API's to judge.
    expect(rulesOfJson('{"not": "a list"}')).toEqual({ ok: true, rules: { not: "a list" } });
    const broken = rulesOfJson('[\n  { "conditions": []\n    "destination": "https://example.de/" }\n]');
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.error).toMatch(/^rules_json: not valid JSON: .+line 3 column \d+/);
  });

  it("keeps rows while they fit the page, and not past it", () => {
    expect(rowsFitThePage(ruleRowsFrom(stored))).toBe(true);
    expect(rowsFitThePage(ruleRowsFrom(many(10, 1)))).toBe(true);
    expect(rowsFitThePage(ruleRowsFrom(many(25, 1)))).toBe(false);
    expect(rowsFitThePage(ruleRowsFrom(many(2, 10)))).toBe(false);
    // What is typed weighs too, as escaped into the page: 8 KB of "&" is 40 KB of "&amp;".
    const ampersands = Array.from({ length: 40 }, () => "&".repeat(200));
    const typed = [{ conditions: [{ type: "query" as const, param: "q", values: ampersands }], destination: "x" }];
    expect(rowsFitThePage(ruleRowsFrom(typed))).toBe(false);
    expect(rowsFitThePage(ruleRowsFrom([{ conditions: [], destination: "x" }]))).toBe(true);
  });

  it("reads the JSON editor's field (and why it is shown) from a posted form, with no rows", () => {
    const input = linkFormInput({ [RULES_JSON_FIELD]: "[]", rules_json_why: "size" });
    expect(input.rulesJson).toEqual({ text: "[]", why: "size" });
    expect(input.rules).toEqual([]);
    expect(linkFormInput({ [RULES_JSON_FIELD]: "[]" }).rulesJson?.why).toBe("asked");
    expect(linkFormInput({}).rulesJson).toBeUndefined();
  });

  it("makes a link with the JSON's rules, none when empty, and refuses a syntax error on its field", () => {
    const values = { original_url: "https://example.com/" };
    const json = (text: string) => ({ text, why: "asked" as const });
    expect(createBodyOf(values, [], json(rulesJsonOf(stored))).body).toEqual({ ...values, rules: stored });
    expect(createBodyOf(values, [], json("[]")).body).toEqual(values);
    expect(createBodyOf(values, [], json(" ")).body).toEqual(values);
    const broken = createBodyOf(values, [], json("[{]"));
    expect(Object.keys(broken.ruleErrors)).toEqual([RULES_JSON_FIELD]);
    expect(broken.ruleErrors[RULES_JSON_FIELD]).toMatch(/^rules_json: not valid JSON: /);
    // The API's refusal of what parsed: one message, on the rules as a whole (the JSON's one field).
    const refused = createBodyOf(
      values,
      [],
      json('[{ "conditions": [], "destination": "https://example.de/", "x": 1 }]'),
    );
    const parsed = CreateUrlBody.safeParse(refused.body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(errorsOfIssues(parsed.error, refused.places).ruleErrors).toEqual({ rules: "rules[0]: unknown field: x" });
    expect(errorsOfMessage("rules[3].destination: invalid url", refused.places).ruleErrors).toEqual({
      rules: "rules[3].destination: invalid url",
    });
  });

  it("edits the rules as JSON: unchanged sends nothing, one destination changed sends exactly that, [] removes them", () => {
    const url = storedLink({ rules: stored });
    const { values } = formOfLink(url);
    const edit = (text: string) =>
      editBodyOf({ values, rules: [], rulesJson: { text, why: "size" }, add: undefined }, url);
    const text = rulesJsonOf(stored);
    expect(edit(text).body).toEqual({});
    const moved = text.replace("https://example.de/", "https://example.at/");
    expect(edit(moved).body).toEqual({
      rules: [{ ...stored[0], destination: "https://example.at/" }, stored[1]],
    });
    expect(edit("[]").body).toEqual({ rules: null });
    expect(edit("").body).toEqual({ rules: null });
    const broken = edit(text.slice(0, -1));
    expect(broken.body).not.toHaveProperty("rules");
    expect(broken.ruleErrors[RULES_JSON_FIELD]).toMatch(/^rules_json: not valid JSON: /);
    // A link without rules, left without: nothing sent.
    const bare = storedLink();
    expect(
      editBodyOf({ values, rules: [], rulesJson: { text: "[]", why: "asked" }, add: undefined }, bare).body,
    ).not.toHaveProperty("rules");
  });
});
