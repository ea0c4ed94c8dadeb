// A DNS-over-HTTPS resolver (the JSON API: GET ?name=&type=A|AAAA|TXT, application/dns-json). A and AAAA
// are answered with this machine's own name lookup: where the worker's runtime can reach a private
// network (npm run dev, the compose stack), DNS_RESOLVER_URL points at it, so health checks and webhook
// deliveries see the addresses a name really has here (hosts file and system resolver, as the runtime's
// own fetch would) and refuse private ones (worker/lib/resolved-address.ts, docs/SECURITY.md).
// TXT is answered only from records published to it with `POST /__txt {"name", "values"}` (the tests,
// or a person trying DOMAIN_PROVIDER=manual locally), so a custom domain's proof can be made and lost
// without a real zone; a name with none published does not exist.
import { lookup } from "node:dns/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback, readBody, sendJson } from "./local-http.ts";

export interface DnsJsonResolver {
  /** The endpoint to set as DNS_RESOLVER_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Published TXT records: a name (lower case, no trailing dot) → its records, each its character-strings. */
export type TxtRecords = Map<string, string[][]>;

const RECORD_TYPES = { A: { code: 1, family: 4 }, AAAA: { code: 28, family: 6 } } as const;
const TXT = 16;
/** DNS response codes the JSON API carries in Status. */
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;
const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/i;
/** A TXT character-string's limit: a longer text is published as several, as DNS stores it. */
const TXT_STRING_MAX = 255;
const CONTROL_MAX_BYTES = 64 * 1024;

const canonicalName = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** One TXT record's `data` as Cloudflare's JSON API writes it: each string quoted, `"` and `\` escaped. */
export const txtData = (strings: string[]) =>
  strings.map((text) => `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(" ");

function answerTxt(name: string, records: TxtRecords) {
  const question = [{ name, type: TXT }];
  const published = records.get(canonicalName(name));
  if (!published) return { status: 200, body: { Status: NXDOMAIN, Question: question } };
  const answer = published.map((strings) => ({ name, type: TXT, TTL: 0, data: txtData(strings) }));
  return { status: 200, body: { Status: NOERROR, Question: question, Answer: answer } };
}

/** One answer of the JSON API for `name` and `type`: A and AAAA from the machine's resolver (getaddrinfo). */
export async function answerQuery(
  name: string,
  type: string,
  txtRecords: TxtRecords = new Map(),
): Promise<{ status: number; body: unknown }> {
  const upperType = type.toUpperCase();
  if (upperType === "TXT" && name.length <= 253 && NAME.test(name)) return answerTxt(name, txtRecords);
  const record = RECORD_TYPES[upperType as keyof typeof RECORD_TYPES];
  if (!record || name.length > 253 || !NAME.test(name)) {
    return { status: 400, body: { error: "name must be a host name and type A, AAAA or TXT" } };
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

/** A record given as one text is split as DNS stores it; given as strings, it is published as they are. */
const stringsOf = (record: string | string[]) =>
  typeof record === "string" ? (record.match(new RegExp(`[^]{1,${TXT_STRING_MAX}}`, "g")) ?? [""]) : record;

const isRecord = (value: unknown) =>
  typeof value === "string" || (Array.isArray(value) && value.every((part) => typeof part === "string"));

/**
 * POST /__txt {"name", "values"}: publishes the TXT records of a name (`values`: each record a text, or
 * its character-strings), replacing the ones it had; `"values": null` removes them all.
 */
async function publishTxt(request: IncomingMessage, response: ServerResponse, records: TxtRecords) {
  let body: { name?: unknown; values?: unknown };
  try {
    body = JSON.parse((await readBody(request, CONTROL_MAX_BYTES)).toString("utf8")) as typeof body;
  } catch {
    sendJson(response, 400, { error: "body must be JSON of at most 64 KiB" });
    return;
  }
  if (typeof body?.name !== "string" || body.name.length > 253 || !NAME.test(body.name)) {
    sendJson(response, 400, { error: "name must be a host name" });
    return;
  }
  if (body.values !== null && !(Array.isArray(body.values) && body.values.every(isRecord))) {
    sendJson(response, 400, { error: "values must be null or a list of texts (or of lists of strings)" });
    return;
  }
  const name = canonicalName(body.name);
  if (body.values === null) records.delete(name);
  else records.set(name, (body.values as (string | string[])[]).map(stringsOf));
  sendJson(response, 200, { name, records: records.get(name) ?? [] });
}

export async function startDnsJsonResolver(options: { host?: string; port?: number } = {}): Promise<DnsJsonResolver> {
  const host = options.host ?? "127.0.0.1";
  const txtRecords: TxtRecords = new Map();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://resolver");
    if (request.method === "POST" && url.pathname === "/__txt") {
      void publishTxt(request, response, txtRecords);
      return;
    }
    if (request.method !== "GET" || url.pathname !== "/dns-query") {
      sendJson(response, 404, { error: "GET /dns-query?name=&type=, POST /__txt" });
      return;
    }
    const name = url.searchParams.get("name") ?? "";
    void answerQuery(name, url.searchParams.get("type") ?? "A", txtRecords).then(({ status, body }) =>
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
