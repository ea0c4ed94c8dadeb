// A password guess, admitted by the link's PasswordAttempts object before any hashing. The call is
// bounded in time; when the object cannot be reached the guess is refused (503): without the
// limiter there would be no limit on guesses.
import type { Admission } from "../../domain/password-limits";
import { clientNetwork } from "../../lib/client-network";
import { sha256Hex } from "../../lib/hex-digest";
import { withinTimeout } from "../../lib/within-timeout";
import { dependencyCalls } from "../../observability/dependency-calls";

export const ATTEMPT_TIMEOUT_MS = 2_000;

const stubOf = (env: Env, linkId: number) => {
  const namespace = env.PASSWORD_ATTEMPTS;
  return namespace.get(namespace.idFromName(String(linkId)));
};

/**
 * The client as the object keeps it: a hash of its IP, never the address; an IPv6 client by its
 * /64, or every address of one host would be a new client with a fresh budget.
 */
async function clientKey(ip: string, linkId: number): Promise<string> {
  return (await sha256Hex(`${linkId}:${clientNetwork(ip)}`)).slice(0, 24);
}

export async function admitGuess(env: Env, linkId: number, ip: string): Promise<Admission | "unavailable"> {
  dependencyCalls().durableObject += 1;
  try {
    const client = await clientKey(ip, linkId);
    const admission: Promise<Admission> = stubOf(env, linkId).admit(client);
    return await withinTimeout(admission, ATTEMPT_TIMEOUT_MS, "password attempt check timed out");
  } catch {
    return "unavailable";
  }
}

/** A right password gives its guess back (best effort: a lost refund only costs that client one guess). */
export async function refundGuess(env: Env, linkId: number, attempt: number): Promise<void> {
  dependencyCalls().durableObject += 1;
  await withinTimeout(stubOf(env, linkId).refund(attempt), ATTEMPT_TIMEOUT_MS, "refund timed out").catch(
    () => undefined,
  );
}
