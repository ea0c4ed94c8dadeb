// A WebSocket → TCP bridge for the Neon serverless driver in local development and tests.
// Production talks to Neon's own proxy; here each WebSocket becomes one TCP connection
// to the Postgres named at start, and both sides close when the client sends Terminate.
import { connect, type Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { createFrameScanner } from "./postgres-frames.ts";

export interface WsProxy {
  port: number;
  openConnections(): number;
  /** false: the database "goes away" (live connections cut, new ones refused); fire drills use it. */
  setReachable(reachable: boolean): void;
  close(): Promise<void>;
}

export interface WsProxyOptions {
  listenPort?: number;
  /** Where to listen (default 127.0.0.1; the compose stack's neon-endpoints service: 0.0.0.0). */
  listenHost?: string;
  postgresHost: string;
  postgresPort: number;
  /** At most this many upstream connections at once; more wait (default: no limit). */
  maxUpstreamConnections?: number;
}

export async function startWsProxy(options: WsProxyOptions): Promise<WsProxy> {
  const server = new WebSocketServer({ host: options.listenHost ?? "127.0.0.1", port: options.listenPort ?? 0 });
  const live = new Set<{ ws: WebSocket; socket: Socket | undefined }>();

  // Upstream slots: PGlite runs one backend and interleaves the messages of concurrent clients
  // (answers get crossed), so in front of it connections wait their turn (maxUpstream = 1).
  const maxUpstream = options.maxUpstreamConnections ?? Number.POSITIVE_INFINITY;
  let upstreamInUse = 0;
  const waiting: (() => void)[] = [];
  const acquire = (start: () => void) => {
    if (upstreamInUse < maxUpstream) {
      upstreamInUse += 1;
      start();
    } else waiting.push(start);
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else upstreamInUse -= 1;
  };

  let reachable = true;
  server.on("connection", (ws, request) => {
    if (!reachable) {
      ws.terminate();
      return;
    }
    request.socket.setNoDelay(true);
    const scanner = createFrameScanner();
    const pending: Buffer[] = [];
    let socket: Socket | undefined;
    let closed = false;
    let sawTerminate = false;
    const pair = { ws, socket: undefined as Socket | undefined };
    live.add(pair);
    const closeBoth = () => {
      if (closed) return;
      closed = true;
      live.delete(pair);
      if (socket) {
        socket.end();
        socket.destroy();
        release();
      } else {
        const index = waiting.indexOf(startUpstream);
        if (index >= 0) waiting.splice(index, 1);
      }
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    function startUpstream() {
      if (closed) return release();
      // noDelay: the Postgres protocol is chatty small messages; Nagle plus delayed ACKs would
      // add ~40 ms to every round trip of the startup handshake.
      const upstream = connect({ host: options.postgresHost, port: options.postgresPort, noDelay: true });
      socket = upstream;
      pair.socket = upstream;
      upstream.on("connect", () => {
        for (const chunk of pending.splice(0)) upstream.write(chunk);
        if (sawTerminate) upstream.end(() => closeBoth());
      });
      upstream.on("data", (chunk) => {
        if (ws.readyState === ws.OPEN) ws.send(chunk);
      });
      upstream.on("error", closeBoth);
      upstream.on("close", closeBoth);
    }
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      sawTerminate = scanner.push(chunk) || sawTerminate;
      if (!socket || socket.connecting) {
        pending.push(chunk);
        return;
      }
      socket.write(chunk);
      if (sawTerminate) socket.end(() => closeBoth());
    });
    ws.on("error", closeBoth);
    ws.on("close", closeBoth);
    acquire(startUpstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy has no address");

  return {
    port: address.port,
    openConnections: () => live.size,
    setReachable(value) {
      reachable = value;
      if (value) return;
      for (const { ws, socket } of live) {
        socket?.destroy();
        ws.terminate();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { ws, socket } of live) {
          socket?.destroy();
          ws.terminate();
        }
        server.close(() => resolve());
      }),
  };
}
