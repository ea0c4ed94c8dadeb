// A WebSocket → TCP bridge for the Neon serverless driver in local development and tests.
// Production talks to Neon's own proxy; here each WebSocket becomes one TCP connection
// to the Postgres named at start, and both sides close when the client sends Terminate.
import { connect, type Socket } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { createFrameScanner } from "./postgres-frames.ts";

export interface WsProxy {
  port: number;
  openConnections(): number;
  close(): Promise<void>;
}

export interface WsProxyOptions {
  listenPort?: number;
  postgresHost: string;
  postgresPort: number;
}

export async function startWsProxy(options: WsProxyOptions): Promise<WsProxy> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: options.listenPort ?? 0 });
  const live = new Set<{ ws: WebSocket; socket: Socket }>();

  server.on("connection", (ws, request) => {
    request.socket.setNoDelay(true);
    // noDelay: the Postgres protocol is chatty small messages; Nagle plus delayed ACKs would add
    // ~40 ms to every round trip of the startup handshake.
    const socket = connect({ host: options.postgresHost, port: options.postgresPort, noDelay: true });
    const pair = { ws, socket };
    live.add(pair);
    const scanner = createFrameScanner();
    let closed = false;
    const closeBoth = () => {
      if (closed) return;
      closed = true;
      live.delete(pair);
      socket.end();
      socket.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    const pending: Buffer[] = [];
    socket.on("connect", () => {
      for (const chunk of pending.splice(0)) socket.write(chunk);
    });
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const sawTerminate = scanner.push(chunk);
      if (socket.connecting) pending.push(chunk);
      else socket.write(chunk);
      if (sawTerminate) socket.end(() => closeBoth());
    });
    socket.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk);
    });
    socket.on("error", closeBoth);
    socket.on("close", closeBoth);
    ws.on("error", closeBoth);
    ws.on("close", closeBoth);
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const { ws, socket } of live) {
          socket.destroy();
          ws.terminate();
        }
        server.close(() => resolve());
      }),
  };
}
