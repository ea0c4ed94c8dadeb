// When a credential's "last used" time (a key's last_used_at, a session's idle expiry) is written: at
// most once a minute per credential and isolate, so steady use costs a write a minute, not one a request.
const WRITE_EVERY_MS = 60_000;

/** Whether a minute has passed since this isolate last wrote it; if so, the write is taken now. */
export function lastUsedWriteDue(credential: { touchedAt: number }, now = Date.now()): boolean {
  if (now - credential.touchedAt < WRITE_EVERY_MS) return false;
  credential.touchedAt = now;
  return true;
}
