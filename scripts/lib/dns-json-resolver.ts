// A DNS-over-HTTPS resolver (the JSON API: GET ?name=&type=A|AAAA, application/dns-json) that answers
// with this machine's own name lookup. Where the worker's runtime can reach a private network
// (npm run dev, the compose stack), DNS_RESOLVER_URL points at it, so health checks and webhook
// deliveries see the addresses a name really has here (hosts file and system resolver, as the runtime's
// own fetch would) and refuse private ones (worker/lib/resolved-address.ts, docs/SECURITY.md).
import { lookup } from "node:dns/promises";
import { createServer, type Server } from "node:http";
import { closeServer, listenOnLoopback, sendJson } from "./local-http.ts";

export interface DnsJsonResolver {
  /** The endpoint to set as DNS_RESOLVER_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const RECORD_TYPES = { A: { code: 1, family: 4 }, AAAA: { code: 28, family: 6 } } as const;
/** DNS response codes the JSON API carries in Status. */
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;
const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/i;

/** One answer of the JSON API for `name` and `type`, from the machine's resolver (getaddrinfo). */
export async function answerQuery(name: string, type: string): Promise<{ status: number; body: unknown }> {
  const record = RECORD_TYPES[type.toUpperCase() as keyof typeof RECORD_TYPES];
  if (!record || name.length > 253 || !NAME.test(name)) {
    return { status: 400, body: { error: "name must be a host name and type A or AAAA" } };
  }
  const question = [{ name, type: record.code }];
  try {
    const addresses = await lookup(name, { all: true, family: record.family });
    const answer = addresses.map((address) => ({ name, type: record.code, TTL: 0, data: address.address }));
    return { status: 200, body: { Status: NOERROR, Question: question, Answer: answer } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No such name, or no address of this family: an empty answer, as a real resolver gives.
    const missing = code === "ENOTFOUND" || code === "ENODATA" || code === "EAI_NODATA";
    return { status: 200, body: { Status: missing ? NXDOMAIN : SERVFAIL, Question: question } };
  }
}

export async function startDnsJsonResolver(options: { host?: string; port?: number } = {}): Promise<DnsJsonResolver> {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://resolver");
    if (request.method !== "GET" || url.pathname !== "/dns-query") {
      sendJson(response, 404, { error: "GET /dns-query?name=&type=" });
      return;
    }
    void answerQuery(url.searchParams.get("name") ?? "", url.searchParams.get("type") ?? "A").then(({ status, body }) =>
      sendJson(response, status, body, { "Content-Type": "application/dns-json" }),
    );
  });
  const port = await listenOnLoopback(server, options.port ?? 0, host);
  const shownHost = host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${port}/dns-query`,
    port,
    close: () => closeServer(server),
  };
}
