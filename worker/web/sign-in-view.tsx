// Signed out, /app is this: an email field. The link it mails opens /auth/email/verify, whose button
// signs in and comes back to /app. The answer is the same whether or not the address is known.
import { APP_PATH } from "./page-shell";

export function SignInView({ email, error, sent }: { email?: string; error?: string; sent?: boolean }) {
  if (sent) {
    return (
      <section class="card" aria-labelledby="sent-title">
        <h1 id="sent-title">Check your email</h1>
        <p>If {email} has an account here, a sign-in link is on its way. It works once, within 15 minutes.</p>
        <p>
          <a href={APP_PATH}>Use another address</a>
        </p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Linkscope</h1>
      <p class="note">We email you a link that signs you in: no password.</p>
      <form method="post" action={`${APP_PATH}/sign-in`} novalidate>
        <div class="field">
          <label for="email">Email address</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            value={email ?? ""}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "email-error" : undefined}
          />
          {error && (
            <p class="error" id="email-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit">Email me a sign-in link</button>
      </form>
    </section>
  );
}
