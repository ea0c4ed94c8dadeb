// Custom domains proven through Cloudflare for SaaS (issue 30), against a local fake of the Cloudflare
// API on loopback (scripts/lib/fake-cloudflare-api.ts: the documented envelope, states and refusals).
// Production settings: keys required, DOMAIN_PROVIDER=cloudflare-saas, each test its own zone.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callApi, unique } from "../harness";

const DESTINATIONS = (env as unknown as { TEST_DESTINATIONS_URL: string }).TEST_DESTINATIONS_URL;
const ADMIN_KEY = `admin-${crypto.randomUUID()}`;

function deployment() {
  const zone = unique("zone").replace(/[^a-z0-9]/gi, "");
  const overrides = {
    ADMIN_API_KEY: ADMIN_KEY,
    REQUIRE_API_KEYS: "true",
    SERVICE_HOSTS: "links.example.test,linkscope.test",
    DOMAIN_PROVIDER: "cloudflare-saas",
    CLOUDFLARE_ZONE_ID: zone,
    CLOUDFLARE_API_TOKEN: "test-token",
    CLOUDFLARE_API_URL: `${DESTINATIONS}/cloudflare/client/v4`,
  };
  const api = (method: string, path: string, options: Parameters<typeof callApi>[2] = {}) =>
    callApi(method, path, { overrides, key: ADMIN_KEY, ...options });
  /** What Cloudflare says of a hostname now (its validation, its certificate, the CNAME moving away). */
  const cloudflare = async (change: Record<string, unknown>) => {
    const answer = await fetch(`${DESTINATIONS}/cloudflare/__control`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ zone_id: zone, ...change }),
    });
    expect(answer.status).toBe(200);
  };
  const zoneHostnames = async () =>
    (
      (await (
        await fetch(`${DESTINATIONS}/cloudflare/client/v4/zones/${zone}/custom_hostnames`, {
          headers: { Authorization: "Bearer test-token" },
        })
      ).json()) as { result: { hostname: string }[] }
    ).result.map((one) => one.hostname);
  return { api, cloudflare, zoneHostnames };
}

const hostname = () =>
  `go.${unique("cf")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")}.example.com`;

describe("custom domains through Cloudflare for SaaS", () => {
  it("pending until Cloudflare validates the CNAME, then owned before its certificate is, then active", async () => {
    const { api, cloudflare, zoneHostnames } = deployment();
    const name = hostname();
    const made = await api("POST", "/domains", { body: { hostname: name } });
    expect(made).toMatchObject({
      status: 201,
      body: {
        state: "pending",
        provider: "cloudflare-saas",
        ownership: "pending",
        certificate: "pending",
        dns_records: [
          { type: "CNAME", name, value: "links.example.test" },
          { type: "TXT", name: `_cf-custom-hostname.${name}`, value: expect.any(String) },
        ],
      },
    });
    expect(await zoneHostnames()).toEqual([name]);
    const id = made.body.id as number;
    const verify = () => api("POST", `/domains/${id}/verify`);
    expect((await verify()).body).toMatchObject({ state: "pending", ownership: "pending" });

    // The CNAME is in place: the name is proven, the certificate still being issued. Links are served.
    await cloudflare({ hostname: name, status: "active", ssl_status: "pending_issuance" });
    expect((await verify()).body).toMatchObject({ state: "active", ownership: "verified", certificate: "pending" });
    await cloudflare({ hostname: name, ssl_status: "active" });
    const live = (await verify()).body;
    expect(live).toMatchObject({ state: "active", ownership: "verified", certificate: "active", problem: null });
    expect(live.verified_at).toEqual(expect.any(String));

    // A certificate left unrenewed two weeks before it expires: unhealthy while the old one still serves.
    const expiresOn = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await cloudflare({ hostname: name, ssl_status: "active", ssl_expires_on: expiresOn });
    const overdue = (await verify()).body;
    expect(overdue).toMatchObject({ state: "unhealthy", ownership: "verified", certificate: "failed" });
    expect(overdue.problem).toContain(`expires on ${expiresOn} and has not been renewed`);
    // Renewed: active again.
    const renewed = new Date(Date.now() + 80 * 86_400_000).toISOString();
    await cloudflare({ hostname: name, ssl_expires_on: renewed });
    expect((await verify()).body).toMatchObject({ state: "active", certificate: "active", problem: null });

    // The CNAME moved away: the domain is unhealthy, with Cloudflare's words for why.
    await cloudflare({
      hostname: name,
      status: "moved",
      verification_errors: ["custom hostname does not CNAME to this zone."],
    });
    expect((await verify()).body).toMatchObject({
      state: "unhealthy",
      ownership: "failed",
      problem: "custom hostname does not CNAME to this zone.",
    });
    const audit = await api("GET", "/workspaces?user_id=2000000000");
    expect(audit.status).toBe(200);

    // Deleting the domain gives the hostname back to Cloudflare too.
    expect((await api("DELETE", `/domains/${id}`)).status).toBe(200);
    await expect.poll(zoneHostnames).toEqual([]);
  });

  it("a hostname the zone holds already (an earlier registration's) is adopted; another workspace's is a 409 before Cloudflare is asked", async () => {
    const { api, cloudflare, zoneHostnames } = deployment();
    const name = hostname();
    await cloudflare({ orphan: name });
    const adopted = await api("POST", "/domains", { body: { hostname: name } });
    expect(adopted).toMatchObject({ status: 201, body: { hostname: name, state: "pending" } });
    expect(await zoneHostnames()).toEqual([name]);
    const again = await api("POST", "/domains", { body: { hostname: name } });
    expect(again).toMatchObject({
      status: 409,
      body: { error: "hostname is already claimed: a hostname belongs to one workspace" },
    });
    expect(await zoneHostnames()).toEqual([name]);
  });

  it("a used-up quota is a 503 that says whose to raise, and nothing is kept", async () => {
    const { api, cloudflare, zoneHostnames } = deployment();
    await cloudflare({ quota: 0 });
    const name = hostname();
    const refused = await api("POST", "/domains", { body: { hostname: name } });
    expect(refused).toMatchObject({
      status: 503,
      body: {
        error: "the deployment's custom hostname quota is used up: its operator must raise it (Cloudflare for SaaS)",
      },
    });
    expect(await zoneHostnames()).toEqual([]);
    expect((await api("GET", "/domains")).body.some((domain: { hostname: string }) => domain.hostname === name)).toBe(
      false,
    );
  });

  it("Cloudflare unreachable is a 503; a half-configured provider is the deployment's misconfiguration, named", async () => {
    const { api } = deployment();
    const unreachable = await callApi("POST", "/domains", {
      key: ADMIN_KEY,
      overrides: {
        ADMIN_API_KEY: ADMIN_KEY,
        REQUIRE_API_KEYS: "true",
        DOMAIN_PROVIDER: "cloudflare-saas",
        CLOUDFLARE_ZONE_ID: "z",
        CLOUDFLARE_API_TOKEN: "t",
        CLOUDFLARE_API_URL: "http://127.0.0.1:9/client/v4",
      },
      body: { hostname: hostname() },
    });
    expect(unreachable).toMatchObject({
      status: 503,
      body: { error: "the domain provider cannot be reached: try again shortly" },
    });
    const halfConfigured = await callApi("GET", "/domains", {
      key: ADMIN_KEY,
      overrides: { ADMIN_API_KEY: ADMIN_KEY, REQUIRE_API_KEYS: "true", DOMAIN_PROVIDER: "cloudflare-saas" },
    });
    expect(halfConfigured.status).toBe(500);
    expect(halfConfigured.body.error).toBe(
      "server misconfigured: DOMAIN_PROVIDER: cloudflare-saas needs CLOUDFLARE_ZONE_ID and the CLOUDFLARE_API_TOKEN secret",
    );
    expect((await api("GET", "/domains")).status).toBe(200);
  });
});
