// A password guess, admitted by the link's PasswordAttempts object before any hashing. The call is
// bounded in time; when the object cannot be reached the guess is refused (503): without the
// limiter there would be no limit on guesses.
import type { Admission } from "../../durable-objects/password-attempts";
import { dependencyCalls } from "../../observability/dependency-calls";

export const ATTEMPT_TIMEOUT_MS = 2_000;

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("password attempt check timed out")), ATTEMPT_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const stubOf = (env: Env, linkId: number) => {
  const namespace = env.PASSWORD_ATTEMPTS;
  return namespace.get(namespace.idFromName(String(linkId)));
};

/** The client as the object keeps it: a hash of its IP, never the address. */
async function clientKey(ip: string, linkId: number): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${linkId}:${ip}`));
  return Array.from(new Uint8Array(digest).subarray(0, 12), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function admitGuess(env: Env, linkId: number, ip: string): Promise<Admission | "unavailable"> {
  dependencyCalls().durableObject += 1;
  try {
    const client = await clientKey(ip, linkId);
    const admission: Promise<Admission> = stubOf(env, linkId).admit(client);
    return await withinTimeout(admission);
  } catch {
    return "unavailable";
  }
}

/** A right password gives its guess back (best effort: a lost refund only costs that client one guess). */
export async function refundGuess(env: Env, linkId: number, attempt: number): Promise<void> {
  dependencyCalls().durableObject += 1;
  await withinTimeout(stubOf(env, linkId).refund(attempt)).catch(() => undefined);
}
