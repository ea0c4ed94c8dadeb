// An HTTP proxy for fault tests. Each client picks a "lane" by path prefix
// (http://127.0.0.1:PORT/<lane>/...) and each lane has its own behaviour, so tests running
// in parallel do not disturb each other:
//   pass     forward to the target unchanged (default)
//   down     reset the connection (the service is gone)
//   slow     wait `delayMs` before forwarding
//   garbage  answer 200 with a body the client cannot use (alternating non-JSON and a number where a
//            string belongs; an object would not do: @upstash/redis decodes it to null, a valid miss)
//   error    answer 500 {"error": "..."}
// Control: POST /__chaos/<lane> with {"mode": "...", "delayMs"?: n}; GET /__chaos/<lane> → counts.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";

export type ChaosMode = "pass" | "down" | "slow" | "garbage" | "error";
const MODES = new Set<ChaosMode>(["pass", "down", "slow", "garbage", "error"]);

interface Lane {
  mode: ChaosMode;
  delayMs: number;
  requests: number;
}

export interface ChaosProxy {
  url: string;
  close(): Promise<void>;
}

function readAll(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => resolve(Buffer.concat(chunks)));
    message.on("error", reject);
  });
}

export async function startChaosProxy(targetUrl: string): Promise<ChaosProxy> {
  const target = new URL(targetUrl);
  const lanes = new Map<string, Lane>();
  const laneOf = (name: string) => {
    let lane = lanes.get(name);
    if (!lane) {
      lane = { mode: "pass", delayMs: 1_000, requests: 0 };
      lanes.set(name, lane);
    }
    return lane;
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const [, first = "", ...rest] = (req.url ?? "/").split("/");
    if (first === "__chaos") {
      const lane = laneOf(rest[0] ?? "");
      if (req.method === "POST") {
        const body = JSON.parse((await readAll(req)).toString("utf8") || "{}") as {
          mode?: ChaosMode;
          delayMs?: number;
        };
        if (!body.mode || !MODES.has(body.mode)) {
          res.writeHead(400).end("unknown mode");
          return;
        }
        lane.mode = body.mode;
        lane.delayMs = body.delayMs ?? lane.delayMs;
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(lane));
      return;
    }
    const lane = laneOf(first);
    lane.requests += 1;
    const body = await readAll(req);
    switch (lane.mode) {
      case "down":
        req.socket.destroy();
        return;
      case "error":
        res.writeHead(500, { "Content-Type": "application/json" }).end('{"error":"ERR injected failure"}');
        return;
      case "garbage":
        res
          .writeHead(200, { "Content-Type": "application/json" })
          .end(lane.requests % 2 === 0 ? "<html>surprise</html>" : '{"result":42}');
        return;
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, lane.delayMs));
        break;
      case "pass":
        break;
    }
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `/${rest.join("/")}`,
        headers: { ...req.headers, host: target.host },
      },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    upstream.end(body);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
