// A small server that speaks the Upstash Redis REST protocol (the subset @upstash/redis uses)
// in front of a real Redis, for local development, tests and the docker-compose stack (its
// upstash-bridge service runs scripts/upstash-bridge.ts). Production uses Upstash. Protocol:
//   POST /             body ["SET","k","v"]           → {"result": ...} | 400 {"error": "..."}
//   POST /pipeline     body [["GET","a"],["DEL","b"]] → [{"result": ...} | {"error": "..."}, ...]
//   POST /multi-exec   same, inside MULTI/EXEC
// Authorization: Bearer <token> is required. With "Upstash-Encoding: base64", bulk strings in
// results are base64 (status "OK" stays plain), which is what the client decodes by default.
import { createServer, type Server } from "node:http";
import { Redis } from "ioredis";
import { closeServer, listenOnLoopback, readBody, sendJson } from "./local-http.ts";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface UpstashBridge {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface UpstashBridgeOptions {
  redisUrl: string;
  token: string;
  port?: number;
  /** Where to listen (default 127.0.0.1; the compose stack's upstash-bridge service: 0.0.0.0). */
  host?: string;
}

type Reply = null | number | string | Buffer | Reply[] | { [field: string]: Reply };

// Status replies ("OK", "QUEUED") are sent as they are, like serverless-redis-http does.
const STATUS_REPLIES = new Set(["OK", "QUEUED"]);

function encodeReply(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === "number") return reply;
  if (Buffer.isBuffer(reply) || typeof reply === "string") {
    const text = typeof reply === "string" ? reply : reply.toString("utf8");
    if (!base64 || STATUS_REPLIES.has(text)) return text;
    return Buffer.from(reply).toString("base64");
  }
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  // ioredis turns some replies (HGETALL under its lower-case name) into objects: flatten them back.
  return Object.entries(reply).flatMap(([field, value]) => [encodeReply(field, base64), encodeReply(value, base64)]);
}

function isCommand(value: unknown): value is (string | number)[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    typeof value[0] === "string" &&
    value.every((part) => typeof part === "string" || typeof part === "number")
  );
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  const redis = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  redis.on("error", () => {}); // reported per command instead

  const run = (command: (string | number)[]) =>
    redis.callBuffer(String(command[0]), ...command.slice(1).map(String)) as Promise<Reply>;

  const server: Server = createServer(async (request, response) => {
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      return sendJson(response, 401, { error: "Unauthorized" });
    }
    if (request.method !== "POST") return sendJson(response, 405, { error: "Method not allowed" });
    const base64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request, MAX_BODY_BYTES)).toString("utf8"));
    } catch (error) {
      return sendJson(response, 400, { error: `ERR invalid request body: ${errorMessage(error)}` });
    }
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/pipeline" || path === "/multi-exec") {
      if (!Array.isArray(body) || !body.every(isCommand)) {
        return sendJson(response, 400, { error: "ERR the body must be an array of commands" });
      }
      if (path === "/multi-exec") {
        const results = await redis
          .multi(body.map((command) => ["call", String(command[0]), ...command.slice(1).map(String)]))
          .exec()
          .catch((error: unknown) => [[error, null]] as [Error | null, unknown][]);
        return sendJson(
          response,
          200,
          (results ?? []).map(([error, reply]) =>
            error ? { error: errorMessage(error) } : { result: encodeReply(reply as Reply, base64) },
          ),
        );
      }
      const results = await Promise.all(
        body.map((command) =>
          run(command).then(
            (reply) => ({ result: encodeReply(reply, base64) }),
            (error: unknown) => ({ error: errorMessage(error) }),
          ),
        ),
      );
      return sendJson(response, 200, results);
    }
    if (path !== "/") return sendJson(response, 404, { error: "Not found" });
    if (!isCommand(body)) return sendJson(response, 400, { error: "ERR the body must be a command array" });
    try {
      sendJson(response, 200, { result: encodeReply(await run(body), base64) });
    } catch (error) {
      sendJson(response, 400, { error: errorMessage(error) });
    }
  });

  const host = options.host ?? "127.0.0.1";
  const port = await listenOnLoopback(server, options.port, host);
  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    token: options.token,
    port,
    close: async () => {
      await closeServer(server);
      redis.disconnect();
    },
  };
}
