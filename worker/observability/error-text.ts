// What a log line says of an error. drizzle's failed-query error carries the whole statement and its
// parameters: a click batch's are megabytes of what visitors sent, and an API query's may be a
// person's email address. The log keeps what failed and the driver's reason, never the parameters.

const FAILED_QUERY = "Failed query:";

/** The statement's first words, enough to tell which one failed. */
function statementHead(message: string): string {
  const statement = message.slice(FAILED_QUERY.length).split("\nparams:")[0] ?? "";
  const words = statement.trim().split(/\s+/).slice(0, 8).join(" ");
  return words.length > 80 ? `${words.slice(0, 80)}…` : words;
}

export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!error.message.startsWith(FAILED_QUERY)) return error.message;
  const cause = error.cause instanceof Error ? error.cause.message : String(error.cause ?? "no reason given");
  return `query failed (${statementHead(error.message)}): ${cause}`;
}

/** The stack with its first line (the message) told as errorText tells it. */
export function stackText(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return error.stack.replace(error.message, errorText(error));
}
