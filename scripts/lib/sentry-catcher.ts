// A local stand-in for Sentry's ingest endpoint: keeps every envelope POSTed to
// /api/<project>/envelope/ and lists them at GET /envelopes. Tests point SENTRY_DSN at it
// (http://public@127.0.0.1:PORT/1) and read back what the worker sent.
import { createServer, type IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";

const MAX_ENVELOPE_BYTES = 1024 * 1024;
const MAX_KEPT = 500;

export interface SentryCatcher {
  url: string;
  /** The DSN that sends to this catcher. */
  dsn: string;
  envelopes: string[];
  close(): Promise<void>;
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ENVELOPE_BYTES) message.destroy(new Error("envelope too large"));
      else chunks.push(chunk);
    });
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });
}

export async function startSentryCatcher(): Promise<SentryCatcher> {
  const envelopes: string[] = [];
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "POST" && /^\/api\/[^/]+\/envelope\/?$/.test(path)) {
      try {
        const body = await readBody(req);
        const text =
          req.headers["content-encoding"] === "gzip" ? gunzipSync(body).toString("utf8") : body.toString("utf8");
        envelopes.push(text);
        if (envelopes.length > MAX_KEPT) envelopes.shift();
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      } catch {
        res.writeHead(400).end();
      }
      return;
    }
    if (req.method === "GET" && path === "/envelopes") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(envelopes));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dsn: `http://linkscopetest@127.0.0.1:${port}/1`,
    envelopes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
