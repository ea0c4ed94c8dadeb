// The dev server's control port (127.0.0.1 only, PORT + 1 by default): lets the fire drill and
// the stack tests inject a database outage into `npm run dev` and read the local mail sink.
//   GET  /                     what runs where
//   POST /faults/database      {"reachable": false | true}
//   GET  /mail?to=<address>    messages the local SMTP sink received
import { createServer, type IncomingMessage } from "node:http";
import type { DatabaseEndpoints } from "./database-endpoints.ts";
import type { SmtpSink } from "./smtp-sink.ts";

/**
 * Why a request may not use the control port, or undefined. A web page in the developer's browser
 * must not cut the database: browsers send Origin on every cross-origin POST and cannot send
 * application/json cross-origin without a preflight (which this server never grants), and a Host
 * that is not the loopback address is a DNS-rebinding attempt.
 */
export function refusalOf(req: IncomingMessage, port: number): { status: number; error: string } | undefined {
  const host = req.headers.host ?? "";
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { status: 403, error: "the control port answers only to 127.0.0.1" };
  }
  if (req.headers.origin !== undefined) return { status: 403, error: "browsers may not use the control port" };
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (req.method === "POST" && type !== "application/json") {
    return { status: 415, error: "send application/json" };
  }
  return undefined;
}

export interface DevControl {
  url: string;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

export async function startDevControl(options: {
  port: number;
  database: Pick<DatabaseEndpoints, "setReachable">;
  sink: SmtpSink | undefined;
  workerUrl: string;
}): Promise<DevControl> {
  let databaseReachable = true;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    const refusal = refusalOf(req, options.port);
    if (refusal) return reply(refusal.status, { error: refusal.error });
    try {
      if (req.method === "GET" && url.pathname === "/") {
        return reply(200, {
          worker: options.workerUrl,
          database_reachable: databaseReachable,
          mail_sink: options.sink ? { smtp_port: options.sink.smtpPort } : null,
        });
      }
      if (req.method === "POST" && url.pathname === "/faults/database") {
        const body = (await readJson(req)) as { reachable?: unknown };
        if (typeof body.reachable !== "boolean") return reply(400, { error: 'send {"reachable": true|false}' });
        databaseReachable = body.reachable;
        options.database.setReachable(databaseReachable);
        return reply(200, { database_reachable: databaseReachable });
      }
      if (req.method === "GET" && url.pathname === "/mail") {
        if (!options.sink) return reply(404, { error: "no local mail sink: SMTP_HOST points elsewhere" });
        const to = url.searchParams.get("to");
        return reply(200, to ? options.sink.messages.filter((m) => m.to.includes(to)) : options.sink.messages);
      }
      reply(404, { error: "not found" });
    } catch (error) {
      reply(400, { error: String(error) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
