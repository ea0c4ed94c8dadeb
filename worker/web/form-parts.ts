// What every page of the web app does with a posted form and with the API's refusals: the fields it
// knows, as typed; and the status an error answers with (a page shows the API's 4xx, never a 5xx).
import { AppError, statusForCode } from "../lib/errors";

/** The named fields of a parsed form body that are strings, as typed (anything else left out). */
export function stringFields<F extends string>(form: Record<string, unknown>, fields: readonly F[]) {
  const values: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const value = form[field];
    if (typeof value === "string") values[field] = value;
  }
  return values;
}

/** The field an API refusal is about: its messages start with the field's name. */
export const fieldNamedBy = <F extends string>(message: string, fields: readonly F[]): F | undefined =>
  fields.find((field) => message.startsWith(field));

/** The HTTP status an error answers with: an AppError's own, anything else a 500. */
export const statusOf = (error: unknown): number => (error instanceof AppError ? statusForCode(error.code) : 500);

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;
