// One labelled input of a page's form, as every form of the web app shows it: the label, the input
// (marked invalid and described by its hint and its error), the hint, and the API's refusal under it.
import type { Child } from "hono/jsx";

export interface TextInputProps {
  /** The input's id: its label's `for`, and the stem of its hint's and error's ids. */
  id: string;
  name: string;
  label: string;
  value: string;
  type?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  readonly?: boolean | undefined;
  min?: string | undefined;
  /** More attributes for the input (htmx's, when the field asks for a fragment as it changes). */
  attributes?: Record<string, string> | undefined;
  /** Shown between the hint and the error: the region a fragment answers into. */
  after?: Child;
}

export function TextInput(props: TextInputProps) {
  const { id, hint, error } = props;
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        readonly={props.readonly}
        min={props.min}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
        {...(props.attributes ?? {})}
      />
      {hint && (
        <p class="note" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {props.after}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** What a form shows of its fields, by name: what was typed, and the API's refusals. */
export interface FormState<Name extends string> {
  values: { [Field in Name]?: string | undefined };
  errors: { [Field in Name]?: string | undefined };
}

/**
 * A TextInput of a form, its value and error found by its name in the form's state; its id is the
 * name after the form's prefix ("domain-" + "hostname"), so two forms of a page never share one.
 */
export function FormField<Name extends string>(
  props: Omit<TextInputProps, "id" | "name" | "value" | "error"> & {
    form: FormState<Name>;
    name: Name;
    idPrefix?: string;
  },
) {
  const { form, name, idPrefix = "", ...input } = props;
  return (
    <TextInput
      {...input}
      id={`${idPrefix}${name}`}
      name={name}
      value={form.values[name] ?? ""}
      error={form.errors[name]}
    />
  );
}
