// The link builder's first fields: destination, domain and code, title and tags. Each field shows its
// own error, in the API's words; what was typed stays in the form.
import { APP_PATH } from "./page-shell";

export const LINK_FORM_FIELDS = ["original_url", "domain", "short_code", "title", "tags"] as const;
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
        <button type="submit">Create link</button>
      </form>
    </section>
  );
}
