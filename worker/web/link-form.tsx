// The link builder, for a new link and for a link's every setting: destination, domain and code (its
// availability checked as you type), title and tags, then folded away the lifecycle, limits, fallbacks,
// forwarding, UTM tags, password and the rules editor (rows, or one JSON text), beside a preview of the
// short link and its QR code. Each field shows its own error, in the API's words; what was typed stays
// in the form (never the password). htmx (when it loads) checks the code and redraws the preview;
// without it the form is a plain post.
import type { Child } from "hono/jsx";
import { APP_PATH } from "./page-shell";
import type { RuleErrors, RuleRow, RulesJson } from "./rule-form-input";
import { RulesEditor } from "./rules-editor";
import { FormField } from "./text-input";

export const UTM_FORM_FIELDS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;

export const LINK_FORM_FIELDS = [
  "original_url",
  "domain",
  "short_code",
  "title",
  "tags",
  "valid_since",
  "expires_at",
  "max_clicks",
  "expired_url",
  "fallback_url",
  "query_forwarding",
  ...UTM_FORM_FIELDS,
  "password",
  "remove_password",
] as const;
export type LinkFormField = (typeof LINK_FORM_FIELDS)[number];
export type LinkFormValues = Partial<Record<LinkFormField, string>>;

/** The settings folded under "More settings" (the fields after the first five). */
const SETTINGS = LINK_FORM_FIELDS.slice(5);

/** A new link, or the link `id` whose settings the form edits (its code cannot change). */
export type LinkFormMode =
  | { kind: "create" }
  | { kind: "edit"; id: number; shortCode: string; passwordSet: boolean; title: string };

/** What the form shows: the values as typed (or the link's), the errors, and the rules editor's rows. */
export interface LinkFormState {
  values: LinkFormValues;
  errors: LinkFormValues;
  formError?: string | undefined;
  /** Said above the form without being an error (an added rule row: "type the password again"). */
  notice?: string | undefined;
  rules: RuleRow[];
  /** The rules as one JSON text instead of rows: too many for the page, or asked for. */
  rulesJson?: RulesJson | undefined;
  ruleErrors: RuleErrors;
  /** Open the rules editor (it has rules, errors, or a row was just added). */
  rulesOpen: boolean;
}

/** The fragments that redraw parts of the builder (link-builder-fragments.tsx). */
export const FRAGMENT_PATHS = {
  codeCheck: `${APP_PATH}/links/code-check`,
  preview: `${APP_PATH}/links/preview`,
} as const;

function ErrorOf({ name, errors }: { name: LinkFormField; errors: LinkFormValues }) {
  return errors[name] ? (
    <p class="error" id={`${name}-error`}>
      {errors[name]}
    </p>
  ) : null;
}

function PasswordSettings(props: { mode: LinkFormMode; values: LinkFormValues; errors: LinkFormValues }) {
  const { mode, values, errors } = props;
  const hint =
    mode.kind === "edit"
      ? mode.passwordSet
        ? "The link has a password. Leave this empty to keep it."
        : "The link has no password. Leave this empty for none."
      : undefined;
  const described = [hint ? "password-hint" : "", errors.password ? "password-error" : ""].filter(Boolean).join(" ");
  return (
    <fieldset>
      <legend>Password</legend>
      <div class="field">
        <label for="password">Visitors must give this password</label>
        {/* Never written back into the page, not even after another field's error. */}
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          aria-invalid={errors.password ? "true" : undefined}
          aria-describedby={described || undefined}
        />
        {hint && (
          <p class="note" id="password-hint">
            {hint}
          </p>
        )}
        <ErrorOf name="password" errors={errors} />
      </div>
      {mode.kind === "edit" && mode.passwordSet && (
        <div class="field check">
          <input
            id="remove_password"
            name="remove_password"
            type="checkbox"
            value="on"
            checked={values.remove_password === "on"}
          />
          <label for="remove_password">Remove the password</label>
        </div>
      )}
    </fieldset>
  );
}

/**
 * The link's lifecycle, limits, fallbacks, forwarding, UTM tags and password, folded away until asked
 * for (open when one of them has an error or a value). Times are UTC: a form without script cannot know the zone.
 */
function MoreSettings(props: { mode: LinkFormMode; values: LinkFormValues; errors: LinkFormValues }) {
  const { values, errors } = props;
  const open =
    SETTINGS.some((field) => errors[field] !== undefined) ||
    SETTINGS.some((field) => field !== "password" && (values[field] ?? "") !== "");
  const form = { values, errors };
  const field = (name: LinkFormField, label: string, type = "text", hint?: string) => (
    <FormField
      form={form}
      name={name}
      label={label}
      type={type}
      hint={hint}
      min={type === "number" ? "1" : undefined}
    />
  );
  return (
    <details class="more" open={open}>
      <summary>More settings: when it works, limits, fallbacks, UTM tags, password</summary>
      <fieldset>
        <legend>When it works (UTC)</legend>
        {field("valid_since", "Works from", "datetime-local")}
        {field("expires_at", "Stops at", "datetime-local")}
      </fieldset>
      <fieldset>
        <legend>Limits and where else it sends people</legend>
        {field("max_clicks", "Click cap", "number", "Human clicks it serves; bots and previews never count.")}
        {field("expired_url", "After it ends, send people to", "url")}
        {field("fallback_url", "While the destination is broken, send people to", "url")}
        <div class="field">
          <label for="query_forwarding">The short link's query string</label>
          <select id="query_forwarding" name="query_forwarding">
            {[
              ["", "Fill in what the destination lacks (default)"],
              ["merge", "Merge, the short link's values winning"],
              ["off", "Drop it"],
            ].map(([value, label]) => (
              <option value={value} selected={(values.query_forwarding ?? "") === value}>
                {label}
              </option>
            ))}
          </select>
          <ErrorOf name="query_forwarding" errors={errors} />
        </div>
      </fieldset>
      <fieldset>
        <legend>UTM tags added to the destination</legend>
        {UTM_FORM_FIELDS.map((name) => field(name, name.replace("utm_", "utm ")))}
      </fieldset>
      <PasswordSettings {...props} />
    </details>
  );
}

/** Where the preview of the short link and its QR code is drawn (and redrawn as the domain or code changes). */
function PreviewRegion({ mode, preview }: { mode: LinkFormMode; preview: Child }) {
  return (
    <div
      id="link-preview"
      class="preview"
      hx-get={FRAGMENT_PATHS.preview}
      hx-trigger="input changed delay:400ms from:#short_code, change from:#domain"
      hx-include="#domain, #short_code"
      hx-vals={mode.kind === "edit" ? JSON.stringify({ edit: "1" }) : undefined}
      hx-sync="this:replace"
      hx-swap="innerHTML"
    >
      {preview}
    </div>
  );
}

export function LinkForm(
  props: LinkFormState & {
    mode: LinkFormMode;
    domains: string[];
    serviceHost: string;
    csrfToken: string;
    /** The preview of the short link as the form stands (link-builder-fragments.tsx). */
    preview: Child;
  },
) {
  const { values, errors, domains, serviceHost, csrfToken, mode } = props;
  const form = { values, errors };
  const editing = mode.kind === "edit";
  const action = editing ? `${APP_PATH}/links/${mode.id}/edit` : `${APP_PATH}/links`;
  const submitLabel = editing ? "Save changes" : "Create link";
  return (
    <section class="card wide" aria-labelledby="link-form-title">
      {editing && (
        <p>
          <a href={`${APP_PATH}/links/${mode.id}`}>← Back to the link</a>
        </p>
      )}
      <h1 id="link-form-title">{editing ? `All settings of ${mode.title}` : "New link"}</h1>
      {props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      {props.notice && (
        <p class="note" role="status">
          {props.notice}
        </p>
      )}
      <form method="post" action={action} novalidate>
        {/* The form's default button (Enter in a field) is its first submit button: the save, not an "Add ...".
            Not rendered, so neither seen nor announced twice; browsers still press it on Enter. */}
        <button type="submit" hidden>
          {submitLabel}
        </button>
        <input type="hidden" name="csrf_token" value={csrfToken} />
        <FormField form={form} name="original_url" label="Destination" type="url" required />
        <div class="field">
          <label for="domain">Domain</label>
          <select
            id="domain"
            name="domain"
            aria-invalid={errors.domain ? "true" : undefined}
            aria-describedby={errors.domain ? "domain-error" : undefined}
          >
            <option value="">
              {editing ? `${serviceHost} (this service's own)` : `${serviceHost} (the workspace's default)`}
            </option>
            {domains.map((hostname) => (
              <option value={hostname} selected={values.domain === hostname}>
                {hostname}
              </option>
            ))}
          </select>
          <ErrorOf name="domain" errors={errors} />
        </div>
        {editing ? (
          <FormField
            form={{ values: { short_code: mode.shortCode }, errors }}
            name="short_code"
            label="Code"
            hint="A link's code never changes (make a new link for another one)."
            readonly
          />
        ) : (
          <FormField
            form={form}
            name="short_code"
            label="Code"
            hint="Optional: 3 to 64 letters, digits, - or _. Left empty, one is drawn for you."
            attributes={{
              "hx-get": FRAGMENT_PATHS.codeCheck,
              "hx-trigger": "input changed delay:400ms, change from:#domain",
              "hx-include": "#domain",
              "hx-target": "#short_code-check",
              "hx-sync": "this:replace",
              "hx-swap": "innerHTML",
            }}
            after={<p class="note" id="short_code-check" aria-live="polite" />}
          />
        )}
        <PreviewRegion mode={mode} preview={props.preview} />
        <FormField form={form} name="title" label="Title" />
        <FormField form={form} name="tags" label="Tags" hint="Comma-separated: newsletter, spring" />
        <MoreSettings mode={mode} values={values} errors={errors} />
        <RulesEditor rows={props.rules} json={props.rulesJson} errors={props.ruleErrors} open={props.rulesOpen} />
        <button type="submit">{submitLabel}</button>
      </form>
    </section>
  );
}
