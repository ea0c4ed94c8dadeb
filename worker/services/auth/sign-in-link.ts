// Where a sign-in link points, and the email that carries it. The origin is configuration, never the
// request's Host in production: a forged Host would otherwise mail a person's token to another site.
import type { Config } from "../../config/env";
import { AppError } from "../../lib/errors";
import type { MailMessage } from "../mail/send-email";

export const SIGN_IN_TOKEN_MINUTES = 15;

/** The origin sign-in links use; a 503 when production names none. */
export function signInOrigin(config: Config, requestOrigin: string): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, "");
  const [firstHost] = config.destinationPolicy.ownHosts;
  if (firstHost) return `https://${firstHost}`;
  if (!config.REQUIRE_API_KEYS) return requestOrigin;
  throw new AppError(
    "SERVICE_UNAVAILABLE",
    "signing in needs PUBLIC_URL (or SERVICE_HOSTS): where sign-in links point",
  );
}

export function composeSignInEmail(link: string): MailMessage {
  return {
    subject: "Your Linkscope sign-in link",
    text: [
      "Someone (we hope you) asked to sign in to Linkscope with this address.",
      "",
      `Open this link and press "Sign in" within ${SIGN_IN_TOKEN_MINUTES} minutes:`,
      link,
      "",
      "The link works once. If you did not ask for it, ignore this email: nothing happens without the button.",
    ].join("\n"),
  };
}
