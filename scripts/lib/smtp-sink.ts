// A local SMTP server that keeps what it receives (npm smtp-server + mailparser): the stand-in
// for the relay in tests, the fire drill and the stack test. No AUTH, no STARTTLS (plain, on
// 127.0.0.1 only). Messages are listed as JSON at GET /messages?to=<address> on its HTTP port.
// Recipients steer failures, so parallel tests do not disturb each other:
//   refuse-…@…   every RCPT is refused (550)
//   flakyN-…@…   the first N deliveries are refused (451), later ones accepted
import { createServer as createHttpServer } from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  receivedAt: string;
}

export interface SmtpSink {
  smtpPort: number;
  apiUrl: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

const MAX_KEPT = 2_000;

/**
 * `host`: where SMTP listens (default 127.0.0.1; the compose stack test: the mailpit address).
 * `onMessage`: told of each message kept (npm run dev prints sign-in links in its terminal).
 */
export async function startSmtpSink(
  options: { smtpPort?: number; host?: string; onMessage?: (mail: ReceivedMail) => void } = {},
): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const local = address.address.split("@")[0] ?? "";
      if (local.startsWith("refuse-"))
        return callback(Object.assign(new Error("mailbox refuses"), { responseCode: 550 }));
      const flaky = /^flaky(\d+)-/.exec(local);
      if (flaky) {
        const refused = refusals.get(address.address) ?? 0;
        if (refused < Number(flaky[1])) {
          refusals.set(address.address, refused + 1);
          return callback(Object.assign(new Error("try again later"), { responseCode: 451 }));
        }
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            receivedAt: new Date().toISOString(),
          };
          messages.push(mail);
          options.onMessage?.(mail);
          if (messages.length > MAX_KEPT) messages.shift();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(options.smtpPort ?? 0, options.host ?? "127.0.0.1", resolve));
  const smtpAddress = smtp.server.address();
  const smtpPort = typeof smtpAddress === "object" && smtpAddress ? smtpAddress.port : 0;

  const api = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sink");
    if (req.method === "GET" && url.pathname === "/messages") {
      const to = url.searchParams.get("to");
      const selected = to ? messages.filter((message) => message.to.includes(to)) : messages;
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(selected));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const apiAddress = api.address();
  const apiPort = typeof apiAddress === "object" && apiAddress ? apiAddress.port : 0;

  return {
    smtpPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    messages,
    close: async () => {
      await new Promise<void>((resolve) => api.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
