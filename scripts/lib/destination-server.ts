// A local stand-in for the destinations links point at and the receivers webhooks post to, for the
// link-health and webhook tests: each path answers one way a real page or receiver can (200, 404, 500,
// slowly, a redirect loop, a move to another domain, a refusal, a bot challenge, 410, a hang, failing a
// few times first) and every request is kept, with its headers and body, at GET /__requests?prefix=/path.
// Loopback only; links and webhooks reach it under ALLOW_PRIVATE_DESTINATIONS=true. Under /cloudflare/
// it is a fake of the Cloudflare API's custom hostnames (fake-cloudflare-api.ts).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerCloudflare } from "./fake-cloudflare-api.ts";

export interface DestinationServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The same server under another registrable domain (localhost), for "moved". */
  otherDomainUrl: string;
  close(): Promise<void>;
}

interface SeenRequest {
  path: string;
  at: number;
  method: string;
  userAgent: string | null;
  range: string | null;
  /** The Standard Webhooks headers and the body, for webhook deliveries. */
  headers: Record<string, string>;
  body: string;
}

const KEPT_HEADERS = [
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "content-type",
  "user-agent",
  "linkscope-webhook-version",
];
const MAX_BODY = 64 * 1024;

const MAX_KEPT = 2_000;

/**
 * A DNS-over-HTTPS resolver (the JSON API) for DNS_RESOLVER_URL, without the internet: names answer
 * as nip.io and sslip.io do, with the address written in them (`127.0.0.1.nip.io`, `app-10-0-0-1.nip.io`
 * → A; `--1.sslip.io` → AAAA ::1); any other name does not exist.
 */
function answerDnsQuery(url: URL, response: ServerResponse) {
  const name = (url.searchParams.get("name") ?? "").toLowerCase().replace(/\.+$/, "");
  const type = (url.searchParams.get("type") ?? "A").toUpperCase();
  const v4 = /(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})\.(?:nip|sslip)\.io$/.exec(name);
  const v6 = /^([0-9a-f-]*--[0-9a-f-]*|[0-9a-f]{1,4}(?:-[0-9a-f]{1,4}){7})\.sslip\.io$/.exec(name);
  const answer =
    type === "A" && v4
      ? [{ name, type: 1, TTL: 60, data: v4.slice(1, 5).join(".") }]
      : type === "AAAA" && v6?.[1]
        ? [{ name, type: 28, TTL: 60, data: v6[1].replaceAll("-", ":") }]
        : [];
  const exists = v4 !== null || v6 !== null;
  response.writeHead(200, { "Content-Type": "application/dns-json" });
  response.end(JSON.stringify({ Status: exists ? 0 : 3, Question: [{ name, type }], Answer: answer }));
}

export async function startDestinationServer(): Promise<DestinationServer> {
  const seen: SeenRequest[] = [];
  /** Requests so far per path, for "flaky". */
  const tries = new Map<string, number>();
  let port = 0;
  const redirect = (response: ServerResponse, location: string, status = 302) => {
    response.writeHead(status, { Location: location }).end();
  };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      if (body.length < MAX_BODY) body += chunk.toString("utf8");
    });
    request.on("end", () => answer(request, response, body));
  });
  const answer = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__requests") {
      const prefix = url.searchParams.get("prefix") ?? "/";
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(seen.filter((entry) => entry.path.startsWith(prefix))));
      return;
    }
    seen.push({
      path: url.pathname + url.search,
      at: Date.now(),
      method: request.method ?? "",
      userAgent: request.headers["user-agent"] ?? null,
      range: request.headers.range ?? null,
      headers: Object.fromEntries(
        KEPT_HEADERS.flatMap((name) => {
          const value = request.headers[name];
          return typeof value === "string" ? [[name, value]] : [];
        }),
      ),
      body,
    });
    if (seen.length > MAX_KEPT) seen.shift();
    if (answerCloudflare(request.method ?? "GET", url, request.headers.authorization, body, response)) return;
    if (url.pathname === "/dns-query") {
      answerDnsQuery(url, response);
      return;
    }
    // The first path segment after a test's own prefix says how to answer: /<anything>/<behaviour>.
    const behaviour = url.pathname.split("/").at(-1) ?? "";
    const base = url.pathname.slice(0, url.pathname.lastIndexOf("/"));
    switch (behaviour) {
      case "ok":
        response.writeHead(206, { "Content-Range": "bytes 0-0/5", "Content-Type": "text/plain" }).end("o");
        return;
      case "missing":
        response.writeHead(404).end("not found");
        return;
      case "error":
        response.writeHead(500).end("server error");
        return;
      case "slow":
        setTimeout(() => response.writeHead(200).end("late"), Number(url.searchParams.get("ms") ?? 5_000));
        return;
      case "loop":
        redirect(response, `${base}/loop`);
        return;
      case "hop":
        // /x/hop?n=3 → three redirects, then ok.
        redirect(
          response,
          Number(url.searchParams.get("n") ?? 0) > 1
            ? `${base}/hop?n=${Number(url.searchParams.get("n")) - 1}`
            : `${base}/ok`,
          301,
        );
        return;
      case "moved":
        redirect(response, `http://localhost:${port}${base}/ok`, 301);
        return;
      case "forbidden":
        response.writeHead(403).end("no");
        return;
      case "challenge":
        response
          .writeHead(403, { "cf-mitigated": "challenge", "Content-Type": "text/html" })
          .end("<html>challenge</html>");
        return;
      case "limited":
        response.writeHead(429, { "Retry-After": "7200" }).end("slow down");
        return;
      case "accept":
        response.writeHead(204).end();
        return;
      case "gone":
        response.writeHead(410).end("gone");
        return;
      case "unavailable":
        response.writeHead(503, { "Retry-After": url.searchParams.get("after") ?? "120" }).end("later");
        return;
      case "hang":
        // Never answers; the connection is closed with the server.
        return;
      case "flaky": {
        // /x/flaky?fail=2 → 500 twice, then 204 (counted per path and query).
        const key = url.pathname + url.search;
        const count = (tries.get(key) ?? 0) + 1;
        tries.set(key, count);
        response.writeHead(count <= Number(url.searchParams.get("fail") ?? 1) ? 500 : 204).end();
        return;
      }
      default:
        response.writeHead(404).end("unknown behaviour");
    }
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    otherDomainUrl: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
