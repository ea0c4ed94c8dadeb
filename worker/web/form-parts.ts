// What every page of the web app does with a posted form and with the API's refusals: the fields it
// knows, as typed; and the status an error answers with (a page shows the API's 4xx, never a 5xx).
import { AppError, statusForCode } from "../lib/errors";
import type { PageStatus } from "./page-shell";

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

/**
 * The API's refusal as a page's status: a 403, 404 or 503 as it is; any other 4xx (a 409: the last
 * owner, an endpoint cap) is a form answered with its error, a 400.
 */
export const pageStatusOf = (status: number): PageStatus =>
  status === 403 || status === 404 || status === 503 ? status : 400;

/** An AppError the page answers (its message shown); anything else (a 5xx) goes to onError. */
export function shownRefusal(error: unknown): { status: PageStatus; message: string } | undefined {
  if (!(error instanceof AppError)) return undefined;
  const status = statusOf(error);
  if (status >= 500 && status !== 503) return undefined;
  return { status: pageStatusOf(status), message: error.message };
}
