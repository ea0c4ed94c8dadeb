// The plumbing the local stand-in servers share (the Upstash and Neon HTTP bridges): a bounded
// request body, a JSON answer, and a listener (on 127.0.0.1 unless told otherwise: the compose
// stack's services listen on 0.0.0.0) that can be closed with its sockets.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`request is too large (max is ${limit} bytes)`);
    this.limit = limit;
  }
}

/**
 * The whole body, or BodyTooLargeError as soon as it passes maxBytes. The rest is read and dropped,
 * so the client gets the answer rather than a connection cut while it is still sending.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        reject(new BodyTooLargeError(maxBytes));
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(text);
}

/** Listens on 127.0.0.1 or `host` (port 0: any free port) and resolves to the port. */
export async function listenOnLoopback(server: Server, port = 0, host = "127.0.0.1"): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

/** Stops accepting, cuts the kept-alive sockets, and resolves when the server has closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
