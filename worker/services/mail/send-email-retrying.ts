// Sends one email, trying again after a pause when the relay's refusal is temporary (an SMTP 4xx, a
// dropped connection, a timeout): a job that mails once a day (the health digest) must not lose an
// owner's email to one hiccup. A permanent refusal (5xx: no such mailbox) is not tried again.
import type { MailMessage, SmtpSettings } from "./send-email";
import { sendEmail } from "./send-email";

const PAUSES_MS = [500, 2_000];

/** A 5xx reply in the relay's words: trying again cannot help. */
export function isPermanentRefusal(error: unknown): boolean {
  return /(^|\s)5\d\d[\s-]/.test(error instanceof Error ? error.message : String(error));
}

/** Sends `email`; how many attempts it took. Throws the last error once the attempts are spent. */
export async function sendEmailRetrying(
  settings: SmtpSettings,
  email: MailMessage,
  pausesMs: readonly number[] = PAUSES_MS,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sendEmail(settings, email);
      return attempt;
    } catch (error) {
      const pause = pausesMs[attempt - 1];
      if (pause === undefined || isPermanentRefusal(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
