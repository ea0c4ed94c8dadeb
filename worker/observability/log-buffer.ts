// Recent log lines on their way to the LogRing Durable Object (GET /logs). Lines wait in the
// isolate and travel with the metrics flush, in batches; a bounded buffer, oldest dropped first.
export const ISOLATE_LOG_BUFFER_LINES = 500;

let pending: string[] = [];
let dropped = 0;

export function rememberLogLine(line: string): void {
  pending.push(line);
  if (pending.length > ISOLATE_LOG_BUFFER_LINES) {
    pending.shift();
    dropped += 1;
  }
}

export function takeLogLines(): { lines: string[]; dropped: number } {
  const taken = { lines: pending, dropped };
  pending = [];
  dropped = 0;
  return taken;
}

/** Puts back lines whose flush failed (still bounded). */
export function restoreLogLines(lines: string[]): void {
  pending = [...lines, ...pending].slice(-ISOLATE_LOG_BUFFER_LINES);
}
