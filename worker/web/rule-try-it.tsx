// "Try it" on a link's settings page: which rule and variant a visitor from a country, on a device,
// with a language, at a time would get, and the exact destination, from POST /urls/{id}/rules/test's
// use case (the very function that serves redirects; nothing is recorded). A GET form: without script
// it reloads the settings page with the answer; with htmx it redraws this section only.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { instant } from "../contracts/link-lifecycle-fields";
import type { UrlResponse } from "../contracts/responses";
import { type RuleTestResult, testRules } from "../services/urls/rule-test-use-cases";
import { stringFields } from "./form-parts";
import { APP_PATH } from "./page-shell";
import { utcInstant } from "./rule-form-input";
import { FormField } from "./text-input";

export const TRY_FIELDS = ["country", "device", "language", "at"] as const;
type TryField = (typeof TRY_FIELDS)[number];
export type TryValues = Partial<Record<TryField, string>>;

/** A visitor of each form factor, as a User-Agent the rules read (device, and with it an OS and a browser). */
const AGENTS = {
  mobile:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  tablet:
    "Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  desktop:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
} as const;

const blank = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

// The API's bounds and words for these facts (POST /urls/{id}/rules/test), the device as a choice.
const TryQuery = z.object({
  country: z.string().max(8, "country must be at most 8 characters").optional(),
  device: z.enum(["mobile", "tablet", "desktop"], { error: "device must be mobile, tablet or desktop" }).optional(),
  language: z.string().max(512, "language must be at most 512 characters").optional(),
  at: instant("at").unwrap().optional(),
});

export interface TryAnswer {
  values: TryValues;
  errors: TryValues;
  result?: RuleTestResult | undefined;
}

/** The answer for the facts in `query`, or undefined when the form was not sent (no field in the query). */
export async function tryRulesFrom(
  c: Context<AppEnv>,
  id: number,
  query: URLSearchParams,
): Promise<TryAnswer | undefined> {
  if (!TRY_FIELDS.some((field) => query.has(field))) return undefined;
  const values = stringFields(Object.fromEntries(query), TRY_FIELDS);
  const at = blank(values.at);
  const parsed = TryQuery.safeParse({
    country: blank(values.country),
    device: blank(values.device),
    language: blank(values.language),
    at: at === undefined ? undefined : utcInstant(at),
  });
  if (!parsed.success) {
    const errors: TryValues = {};
    for (const issue of parsed.error.issues) {
      const field = TRY_FIELDS.find((name) => name === issue.path[0]);
      if (field) errors[field] ??= issue.message;
    }
    return { values, errors };
  }
  const facts = parsed.data;
  const result = await testRules(c.var, id, {
    country: facts.country,
    user_agent: facts.device === undefined ? undefined : AGENTS[facts.device],
    accept_language: facts.language,
    at: facts.at,
  });
  return { values, errors: {}, result };
}

function Outcome({ result, url }: { result: RuleTestResult; url: UrlResponse }) {
  if (result.outcome !== "found") {
    return (
      <p>
        At that time the link is <strong>{result.outcome}</strong>
        {result.location ? (
          <>
            : it sends people to <code>{result.location}</code>.
          </>
        ) : (
          ": it redirects nobody."
        )}
      </p>
    );
  }
  const rule = result.rule === null ? undefined : url.rules?.[result.rule];
  const variant = result.variant === null ? undefined : rule?.variants?.[result.variant];
  let which = "No rule holds for this visitor: the link's own destination.";
  if (result.rule !== null) which = `Rule ${result.rule + 1} holds.`;
  if (result.rule !== null && result.variant !== null) {
    which = `Rule ${result.rule + 1} holds: its A/B split chose variant ${result.variant + 1}${
      variant ? ` (weight ${variant.weight})` : ""
    } for this visitor; another visitor may get another variant.`;
  }
  return (
    <>
      <p>{which}</p>
      <p>
        They go to <code>{result.location}</code>
      </p>
    </>
  );
}

/** The try-it section: its form, and the answer when there is one. htmx swaps the whole section. */
export function TryIt({ url, answer }: { url: UrlResponse; answer: TryAnswer | undefined }) {
  const form = { values: answer?.values ?? {}, errors: answer?.errors ?? {} };
  const device = answer?.values.device ?? "";
  const deviceError = answer?.errors.device;
  return (
    <section id="try-it" class="card wide try-it" aria-labelledby="try-title">
      <h2 id="try-title">Try the rules</h2>
      <p class="note">
        Where a visitor with these facts would go, by the saved rules (save your changes first). Nothing is recorded;
        left empty, a fact is unknown.
      </p>
      <form
        class="try"
        method="get"
        action={`${APP_PATH}/links/${url.id}/edit#try-it`}
        hx-get={`${APP_PATH}/links/${url.id}/try`}
        hx-target="#try-it"
        hx-swap="outerHTML"
        hx-sync="this:replace"
      >
        <FormField form={form} idPrefix="try-" name="country" label="Country" hint="ISO 3166 code: DE" />
        <div class="field">
          <label for="try-device">Device</label>
          <select
            id="try-device"
            name="device"
            aria-invalid={deviceError ? "true" : undefined}
            aria-describedby={deviceError ? "try-device-error" : "try-device-hint"}
          >
            {[
              ["", "Unknown"],
              ["mobile", "Mobile (an iPhone)"],
              ["tablet", "Tablet (an iPad)"],
              ["desktop", "Desktop (Chrome on Windows)"],
            ].map(([value, label]) => (
              <option value={value} selected={device === value}>
                {label}
              </option>
            ))}
          </select>
          <p class="note" id="try-device-hint">
            Its operating system and browser come with it.
          </p>
          {deviceError && (
            <p class="error" id="try-device-error">
              {deviceError}
            </p>
          )}
        </div>
        <FormField
          form={form}
          idPrefix="try-"
          name="language"
          label="Language"
          hint="As a browser sends it: de-DE, en"
        />
        <FormField
          form={form}
          idPrefix="try-"
          name="at"
          label="Time (UTC)"
          type="datetime-local"
          hint="Left empty: now"
        />
        <button id="try-submit" type="submit">
          Try it
        </button>
      </form>
      {answer?.result && (
        <div id="try-result" class="try-result" role="status">
          <Outcome result={answer.result} url={url} />
        </div>
      )}
    </section>
  );
}
