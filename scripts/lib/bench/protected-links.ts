// The password-protected links' secrets: the password the header scenario sends, and the unlock
// cookies the cookie scenario sends, made with the secret the bench's workers are given.
import { unlockCookie } from "../../../worker/domain/unlock-cookie.ts";
import { codeOf, type LinkLayout, PROTECTED_SET } from "./link-layout.ts";

export const BENCH_PASSWORD = "bench password";
export const BENCH_UNLOCK_SECRET = "bench-unlock-cookie-secret-of-32-characters";

/** The Cookie header value that unlocks each protected link, by its offset in the protected set. */
export function makeUnlockCookies(layout: LinkLayout): Promise<string[]> {
  return Promise.all(
    Array.from({ length: PROTECTED_SET }, async (_, offset) => {
      const index = layout.protectedStart + offset;
      const cookie = await unlockCookie(BENCH_UNLOCK_SECRET, { id: index + 1, code: codeOf(index), version: 0 }, false);
      return cookie.split(";")[0] as string;
    }),
  );
}
