// Sign-in and session events: the Prometheus counter (bounded labels) and the per-minute counts the
// dashboard charts, counted together so the two never disagree.
import { METRICS } from "./definitions";
import { countAuthInWindow } from "./minute-window";
import { incrementCounter } from "./recorder";

export type AuthEventKind =
  | "link_requested"
  | "sign_in"
  | "session_refused"
  | "session_revoked"
  | "csrf"
  | "invitation"
  | "invitation_accepted"
  /** A route refused for lack of its permission (a key's scope, a person's role): 403. */
  | "permission"
  /** A workspace named (X-Workspace-Id) that the caller is not in: 404. */
  | "workspace";
/** failed: the service could not do its part (a mail not sent); the others are the caller's outcome. */
export type AuthEventResult = "ok" | "refused" | "expired" | "unknown" | "failed";

export function countAuthEvent(kind: AuthEventKind, result: AuthEventResult, by = 1): void {
  incrementCounter(METRICS.authEvents, { kind, result }, by);
  if (kind === "sign_in" && result === "ok") countAuthInWindow(true);
  else if (result === "refused" || result === "expired") countAuthInWindow(false);
}
