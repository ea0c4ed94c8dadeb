// Recognises errors from Postgres (SQLSTATE codes) through drizzle's wrappers, so the
// error handler can answer a constraint violation with a 4xx instead of a 500.

export const PG_UNIQUE_VIOLATION = "23505";
export const PG_FOREIGN_KEY_VIOLATION = "23503";
/**
 * What Postgres 17 (PGlite under npm run dev, and Neon's current version) answers when a delete meets
 * an ON DELETE RESTRICT foreign key; earlier versions answer PG_FOREIGN_KEY_VIOLATION for it.
 */
export const PG_RESTRICT_VIOLATION = "23001";
export const PG_CHECK_VIOLATION = "23514";
export const PG_NOT_NULL_VIOLATION = "23502";
export const PG_STRING_TOO_LONG = "22001";
export const PG_INVALID_TEXT_REPRESENTATION = "22P02";
export const PG_NUMERIC_OUT_OF_RANGE = "22003";
export const PG_DATETIME_OUT_OF_RANGE = "22008";
export const PG_INVALID_DATETIME_FORMAT = "22007";
export const PG_UNTRANSLATABLE_CHARACTER = "22P05";
export const PG_CHARACTER_NOT_IN_REPERTOIRE = "22021";

export interface PostgresError {
  code: string;
  constraint?: string;
  detail?: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Walks the cause chain (drizzle wraps driver errors) and returns the Postgres error, if any. */
export function findPostgresError(error: unknown): PostgresError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === "object" && current !== null) {
      const candidate = current as Partial<PostgresError> & { cause?: unknown };
      if (typeof candidate.code === "string" && SQLSTATE.test(candidate.code)) {
        return candidate as PostgresError;
      }
      current = candidate.cause;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A foreign key refused the write: a row referred to is missing, or a RESTRICT key keeps a row. */
export function isForeignKeyViolation(error: PostgresError | undefined): boolean {
  return error?.code === PG_FOREIGN_KEY_VIOLATION || error?.code === PG_RESTRICT_VIOLATION;
}

/** Data errors are the client's fault: a value Postgres could not store. */
export function isDataError(error: PostgresError): boolean {
  return error.code.startsWith("22");
}

export function isConstraintViolation(error: unknown, code: string, constraint?: string): boolean {
  const pgError = findPostgresError(error);
  if (!pgError || pgError.code !== code) return false;
  return constraint === undefined || pgError.constraint === constraint;
}
