// The link builder's first fields: destination, domain and code, title and tags. Each field shows its
// own error, in the API's words; what was typed stays in the form.
import { APP_PATH } from "./page-shell";

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
] as const;
export type LinkFormField = (typeof LINK_FORM_FIELDS)[number];
export type LinkFormValues = Partial<Record<LinkFormField, string>>;

function Field(props: {
  name: LinkFormField;
  label: string;
  hint?: string;
  values: LinkFormValues;
  errors: LinkFormValues;
  type?: string;
  required?: boolean;
}) {
  const { name, label, hint, values, errors } = props;
  const described = [hint ? `${name}-hint` : "", errors[name] ? `${name}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={props.type ?? "text"}
        value={values[name] ?? ""}
        required={props.required}
        min={props.type === "number" ? "1" : undefined}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {hint && (
        <p class="note" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      {errors[name] && (
        <p class="error" id={`${name}-error`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
}

function ErrorOf({ name, errors }: { name: LinkFormField; errors: LinkFormValues }) {
  return errors[name] ? (
    <p class="error" id={`${name}-error`}>
      {errors[name]}
    </p>
  ) : null;
}

/**
 * The link's lifecycle, limits, fallbacks, forwarding, UTM tags and password, folded away until asked
 * for (open when one of them has an error). Times are UTC: a form without script cannot know the zone.
 */
function MoreSettings({ values, errors }: { values: LinkFormValues; errors: LinkFormValues }) {
  const settings = LINK_FORM_FIELDS.slice(5);
  const open = settings.some((field) => errors[field] !== undefined);
  const field = (name: LinkFormField, label: string, type = "text", hint?: string) => (
    <Field name={name} label={label} type={type} hint={hint} values={values} errors={errors} />
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
            aria-describedby={errors.password ? "password-error" : undefined}
          />
          <ErrorOf name="password" errors={errors} />
        </div>
      </fieldset>
    </details>
  );
}

export function LinkForm(props: {
  values: LinkFormValues;
  errors: LinkFormValues;
  formError?: string | undefined;
  domains: string[];
  serviceHost: string;
  csrfToken: string;
}) {
  const { values, errors, domains, serviceHost, csrfToken } = props;
  return (
    <section class="card wide" aria-labelledby="new-link-title">
      <h1 id="new-link-title">New link</h1>
      {props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      <form method="post" action={`${APP_PATH}/links`} novalidate>
        <input type="hidden" name="csrf_token" value={csrfToken} />
        <Field name="original_url" label="Destination" type="url" required values={values} errors={errors} />
        <div class="field">
          <label for="domain">Domain</label>
          <select
            id="domain"
            name="domain"
            aria-invalid={errors.domain ? "true" : undefined}
            aria-describedby={errors.domain ? "domain-error" : undefined}
          >
            <option value="">{serviceHost} (the workspace's default)</option>
            {domains.map((hostname) => (
              <option value={hostname} selected={values.domain === hostname}>
                {hostname}
              </option>
            ))}
          </select>
          {errors.domain && (
            <p class="error" id="domain-error">
              {errors.domain}
            </p>
          )}
        </div>
        <Field
          name="short_code"
          label="Code"
          hint="Optional: 3 to 64 letters, digits, - or _. Left empty, one is drawn for you."
          values={values}
          errors={errors}
        />
        <Field name="title" label="Title" values={values} errors={errors} />
        <Field name="tags" label="Tags" hint="Comma-separated: newsletter, spring" values={values} errors={errors} />
        <MoreSettings values={values} errors={errors} />
        <button type="submit">Create link</button>
      </form>
    </section>
  );
}
