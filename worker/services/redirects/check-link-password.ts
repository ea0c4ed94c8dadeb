// Checking a password given for a protected link: the guess is admitted by the link's limiter
// first (no hashing for a client over its limit), then compared with the stored PBKDF2 hash,
// which is read from Postgres (the caches never hold it). A wrong guess stays counted; a right one
// is given back, so an API client sending the right password on every request is never limited.
// A password found right is remembered by this isolate for a while (keyed by an HMAC under a key
// that never leaves the isolate, with the link and its password version), so an API client that
// sends it on every request pays the limiter, Postgres and PBKDF2 once, not per request.
import { eq } from "drizzle-orm";
import { urls } from "../../../db/schema";
import { passwordProblem, verifyPassword } from "../../domain/link-password";
import { BURST } from "../../domain/password-limits";
import { afterResponse } from "../../lib/after-response";
import { log } from "../../observability/logger";
import { METRICS } from "../../observability/metrics/definitions";
import { countPasswordBurstInWindow } from "../../observability/metrics/minute-window";
import { incrementCounter } from "../../observability/metrics/recorder";
import type { LazyDatabase } from "../lazy-database";
import { admitGuess, refundGuess } from "./password-attempts";

export type PasswordCheck =
  | { result: "right" }
  | { result: "wrong" }
  | { result: "limited"; retryAfterSeconds: number }
  | { result: "unavailable" };

/** How long an isolate trusts a password it found right (a change bumps the version: a new key). */
const REMEMBER_MS = 10 * 60_000;
const REMEMBER_MAX_ENTRIES = 10_000;
const remembered = new Map<string, number>();
// Made on first use: the runtime draws no random values outside a request.
let isolateKey: Promise<CryptoKey> | undefined;

async function rememberKey(link: { id: number; version: number }, password: string): Promise<string> {
  isolateKey ??= crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]) as Promise<CryptoKey>;
  const text = new TextEncoder().encode(`${link.id}:${link.version}:${password.normalize("NFC")}`);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await isolateKey, text));
  return String.fromCharCode(...mac);
}

function isRemembered(key: string, now: number): boolean {
  const until = remembered.get(key);
  if (until === undefined) return false;
  if (until > now) return true;
  remembered.delete(key);
  return false;
}

function remember(key: string, now: number): void {
  if (remembered.size >= REMEMBER_MAX_ENTRIES) remembered.clear();
  remembered.set(key, now + REMEMBER_MS);
}

function counted(check: PasswordCheck): PasswordCheck {
  incrementCounter(METRICS.passwordAttempts, { result: check.result });
  return check;
}

export async function checkLinkPassword(
  env: Env,
  ctx: ExecutionContext | undefined,
  database: LazyDatabase["database"],
  link: { id: number; version: number },
  password: string,
  ip: string,
  requestId: string,
): Promise<PasswordCheck> {
  const now = Date.now();
  const memo = await rememberKey(link, password);
  if (isRemembered(memo, now)) return counted({ result: "right" });
  const admission = await admitGuess(env, link.id, ip);
  if (admission === "unavailable") return counted({ result: "unavailable" });
  if (!admission.admitted) return counted({ result: "limited", retryAfterSeconds: admission.retryAfterSeconds });
  const [row] = await database().select({ hash: urls.passwordHash }).from(urls).where(eq(urls.id, link.id)).limit(1);
  // Removed since the record was cached: the link is not protected any more.
  const right =
    row?.hash === null ||
    (row !== undefined && passwordProblem(password) === undefined && (await verifyPassword(password, row.hash)));
  if (right) {
    remember(memo, now);
    if (ctx) afterResponse(ctx, () => refundGuess(env, link.id, admission.attempt));
    return counted({ result: "right" });
  }
  if (admission.recentFailures === BURST.failures) {
    incrementCounter(METRICS.passwordBursts);
    countPasswordBurstInWindow();
    log("warn", "link_password_burst", {
      request_id: requestId,
      url_id: link.id,
      failures: admission.recentFailures,
      window_minutes: BURST.windowMs / 60_000,
    });
  }
  return counted({ result: "wrong" });
}
