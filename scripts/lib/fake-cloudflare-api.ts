// A local fake of the Cloudflare API's custom hostnames (Cloudflare for SaaS), for the domain tests:
// the documented shapes (the {success, errors, messages, result} envelope, result_info on lists) and
// refusals (1406 duplicate, 1405 quota exceeded, 1436 not found, 10000 without a token), with state
// per zone. Tests steer it through POST /cloudflare/__control: a hostname's status and certificate
// status (Cloudflare validating the CNAME, issuing the certificate, the CNAME moving away), a zone's
// quota, or a hostname the zone already holds (left over from an earlier registration).
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";

interface CustomHostname {
  id: string;
  hostname: string;
  status: string;
  ssl: {
    status: string;
    method: string;
    type: string;
    expires_on?: string;
    validation_errors?: { message: string }[];
  };
  ownership_verification: { type: "txt"; name: string; value: string };
  verification_errors?: string[];
  created_at: string;
}

interface Zone {
  hostnames: Map<string, CustomHostname>;
  quota: number;
}

const zones = new Map<string, Zone>();

const zoneOf = (id: string): Zone => {
  let zone = zones.get(id);
  if (!zone) {
    zone = { hostnames: new Map(), quota: 1_000 };
    zones.set(id, zone);
  }
  return zone;
};

function reply(
  response: ServerResponse,
  status: number,
  result: unknown,
  errors: { code: number; message: string }[] = [],
) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify({ success: errors.length === 0, errors, messages: [], result, ...extra(result) }));
}

function extra(result: unknown) {
  if (!Array.isArray(result)) return {};
  return { result_info: { page: 1, per_page: 50, count: result.length, total_count: result.length, total_pages: 1 } };
}

function register(zone: Zone, hostname: string, method = "http", type = "dv"): CustomHostname {
  const made: CustomHostname = {
    id: randomUUID().replaceAll("-", ""),
    hostname,
    status: "pending",
    ssl: { status: "pending_validation", method, type },
    ownership_verification: { type: "txt", name: `_cf-custom-hostname.${hostname}`, value: randomUUID() },
    created_at: new Date().toISOString(),
  };
  zone.hostnames.set(made.id, made);
  return made;
}

const byName = (zone: Zone, hostname: string) => [...zone.hostnames.values()].find((one) => one.hostname === hostname);

/** Answers a request under /cloudflare/; false when the path is not the fake's. */
export function answerCloudflare(
  method: string,
  url: URL,
  authorization: string | undefined,
  body: string,
  response: ServerResponse,
): boolean {
  if (!url.pathname.startsWith("/cloudflare/")) return false;
  const json = (() => {
    try {
      return body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  })();
  if (url.pathname === "/cloudflare/__control" && method === "POST") {
    const zone = zoneOf(String(json.zone_id));
    if (typeof json.quota === "number") zone.quota = json.quota;
    if (typeof json.orphan === "string") register(zone, json.orphan);
    if (typeof json.hostname === "string") {
      const found = byName(zone, json.hostname);
      if (!found) {
        reply(response, 404, null, [{ code: 1436, message: "not found" }]);
        return true;
      }
      if (typeof json.status === "string") found.status = json.status;
      if (typeof json.ssl_status === "string") found.ssl.status = json.ssl_status;
      if (typeof json.ssl_expires_on === "string") found.ssl.expires_on = json.ssl_expires_on;
      if (Array.isArray(json.verification_errors)) found.verification_errors = json.verification_errors as string[];
    }
    reply(response, 200, { ok: true });
    return true;
  }
  const route = /^\/cloudflare\/client\/v4\/zones\/([^/]+)\/custom_hostnames(?:\/([^/]+))?$/.exec(url.pathname);
  if (!route?.[1]) {
    reply(response, 404, null, [{ code: 7003, message: "Could not route to the path" }]);
    return true;
  }
  if (!authorization?.startsWith("Bearer ") || authorization.length <= "Bearer ".length) {
    reply(response, 403, null, [{ code: 10000, message: "Authentication error" }]);
    return true;
  }
  const zone = zoneOf(route[1]);
  const id = route[2];
  if (!id && method === "POST") {
    const hostname = String(json.hostname ?? "");
    if (byName(zone, hostname)) {
      reply(response, 409, null, [{ code: 1406, message: "Duplicate custom hostname found." }]);
      return true;
    }
    if (zone.hostnames.size >= zone.quota) {
      reply(response, 403, null, [{ code: 1405, message: "Quota exceeded." }]);
      return true;
    }
    const ssl = (json.ssl ?? {}) as { method?: string; type?: string };
    reply(response, 200, register(zone, hostname, ssl.method, ssl.type));
    return true;
  }
  if (!id && method === "GET") {
    const exact =
      url.searchParams.get("hostname.exact") ??
      url.searchParams.get("hostname[exact]") ??
      url.searchParams.get("hostname");
    reply(
      response,
      200,
      [...zone.hostnames.values()].filter((one) => exact === null || one.hostname === exact),
    );
    return true;
  }
  const found = id ? zone.hostnames.get(id) : undefined;
  if (!found) {
    reply(response, 404, null, [{ code: 1436, message: "The custom hostname was not found." }]);
    return true;
  }
  if (method === "GET") reply(response, 200, found);
  else if (method === "DELETE") {
    zone.hostnames.delete(found.id);
    reply(response, 200, { id: found.id });
  } else reply(response, 405, null, [{ code: 10405, message: "Method not allowed" }]);
  return true;
}
