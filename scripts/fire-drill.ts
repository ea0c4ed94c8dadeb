// npm run fire-drill: proves the alert path end to end on a running `npm run dev`: it cuts the
// dev database connection (the dev server's control port), lets the evaluator run, waits for the
// service_down email in the local mail sink, restores the database and waits for the resolved
// email. It reads nothing but health and mail, writes no data, and refuses non-local targets.
import { localSettings } from "./lib/local-settings.ts";

const { port, controlPort } = localSettings();
const BASE = process.env.LINKSCOPE_URL ?? `http://127.0.0.1:${port}`;
const CONTROL = process.env.DEV_CONTROL_URL ?? `http://127.0.0.1:${controlPort}`;
const TIMEOUT_MS = Number(process.env.FIRE_DRILL_TIMEOUT_SECONDS ?? 240) * 1000;
const POLL_MS = 5_000;

interface Mail {
  subject: string;
  text: string;
  receivedAt: string;
}

const say = (message: string) => console.log(`[fire-drill] ${message}`);
const elapsed = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`${url} is not local: the drill only runs against npm run dev on this machine`);
  }
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const mails = () => json<Mail[]>(`${CONTROL}/mail`);
const setDatabase = (reachable: boolean) =>
  json(`${CONTROL}/faults/database`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ reachable }),
  });

/** Runs the evaluator (at most once a minute takes effect) until a new mail matches, or times out. */
async function waitForMail(what: RegExp, seenBefore: number, startedAt: number): Promise<Mail> {
  while (Date.now() - startedAt < TIMEOUT_MS) {
    await fetch(`${BASE}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`, { signal: AbortSignal.timeout(30_000) }).catch(
      () => undefined,
    );
    const matching = (await mails()).filter((mail) => what.test(mail.subject));
    if (matching.length > seenBefore) return matching.at(-1) as Mail;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`no email matching ${what} within ${TIMEOUT_MS / 1000} s`);
}

const FIRING = /\[Linkscope FIRING\] service_down/;
const RESOLVED = /\[Linkscope RESOLVED\] service_down/;

async function main(): Promise<void> {
  assertLocal(BASE);
  assertLocal(CONTROL);
  const control = await json<{ mail_sink: unknown }>(`${CONTROL}/`).catch((error: unknown) => {
    throw new Error(`the dev server's control port does not answer at ${CONTROL} (is npm run dev running?): ${error}`);
  });
  if (!control.mail_sink)
    throw new Error("npm run dev was started with SMTP_HOST: the drill reads the local mail sink");
  const health = await json<{ status: string }>(`${BASE}/health`);
  say(`dev server ${BASE} is ${health.status}; control ${CONTROL}`);

  const before = await mails();
  const firingBefore = before.filter((mail) => FIRING.test(mail.subject)).length;
  const resolvedBefore = before.filter((mail) => RESOLVED.test(mail.subject)).length;

  const cutAt = Date.now();
  await setDatabase(false);
  say("database connection cut; waiting for the evaluator to confirm the outage (two runs, a minute apart)");
  let restored = false;
  const restore = async () => {
    if (restored) return;
    restored = true;
    await setDatabase(true);
  };
  process.once("SIGINT", () => void restore().finally(() => process.exit(130)));
  try {
    const firing = await waitForMail(FIRING, firingBefore, cutAt);
    say(`FIRING email received ${elapsed(cutAt)} after the cut: "${firing.subject}"`);
  } finally {
    await restore();
  }
  const restoredAt = Date.now();
  say("database restored; waiting for the resolved email");
  const resolved = await waitForMail(RESOLVED, resolvedBefore, restoredAt);
  say(`RESOLVED email received ${elapsed(restoredAt)} after the restore: "${resolved.subject}"`);

  const after = await mails();
  const newFiring = after.filter((mail) => FIRING.test(mail.subject)).length - firingBefore;
  const newResolved = after.filter((mail) => RESOLVED.test(mail.subject)).length - resolvedBefore;
  if (newFiring !== 1 || newResolved !== 1) {
    throw new Error(`expected one firing and one resolved email, got ${newFiring} and ${newResolved}`);
  }
  say(`passed in ${elapsed(cutAt)}: one firing email, one resolved email`);
}

main().catch((error: unknown) => {
  console.error(`[fire-drill] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
