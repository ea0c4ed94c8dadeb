// How many password guesses a protected link takes, and from whom (the PasswordAttempts object keeps
// the count; the redirect asks it before any hashing). docs/SECURITY.md, "Link passwords".
export const CLIENT_LIMIT = { attempts: 5, windowMs: 10 * 60_000 } as const;
/** Past `failures` in the window, a client that has failed once in it gets no further guess. */
export const LINK_LIMIT = { failures: 100, windowMs: 60 * 60_000 } as const;
/** Failures on one link within this window that make a burst worth an alert. */
export const BURST = { failures: 20, windowMs: 10 * 60_000 } as const;

export type Admission =
  | { admitted: true; attempt: number; recentFailures: number }
  | { admitted: false; retryAfterSeconds: number };
