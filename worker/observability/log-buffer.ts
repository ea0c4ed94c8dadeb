// Recent log lines on their way to the LogRing Durable Object (GET /logs). /logs is a window on
// the latest activity, not the archive (every line also goes to stdout / Workers Logs), so an
// isolate keeps only its newest lines and sends at most LOG_LINES_PER_FLUSH of them with each
// metrics flush: shipping every line cost a fifth of a cached redirect's throughput.
export const LOG_LINES_PER_FLUSH = 50;

let pending: string[] = [];

export function rememberLogLine(line: string): void {
  pending.push(line);
  // Trim in chunks rather than shifting on every line.
  if (pending.length > 2 * LOG_LINES_PER_FLUSH) pending = pending.slice(-LOG_LINES_PER_FLUSH);
}

/** The newest lines since the last flush (at most LOG_LINES_PER_FLUSH); the buffer is emptied. */
export function takeLogLines(): string[] {
  const taken = pending.slice(-LOG_LINES_PER_FLUSH);
  pending = [];
  return taken;
}

/** Puts back lines whose flush failed (still bounded). */
export function restoreLogLines(lines: string[]): void {
  pending = [...lines, ...pending].slice(-2 * LOG_LINES_PER_FLUSH);
}
