// Custom domains (docs/API.md, "Custom domains"), from vars.
import { z } from "zod";

/** The custom domain settings: part of the one configuration schema (worker/config/settings.ts). */
export const DOMAIN_SETTINGS = {
  // Who proves a workspace owns a hostname. "none": at once, no proof (local development and tests
  // only; refused with REQUIRE_API_KEYS=true). Empty: "none" while keys are optional, else custom
  // domains are off (POST /domains answers 503 until a provider is set).
  // "cloudflare-saas": custom hostnames on the deployment's zone (Cloudflare for SaaS), which proves
  // ownership over HTTP once the CNAME points at the zone and issues the certificate.
  // "manual": the operator routes the hostname and terminates TLS; ownership is our TXT record, read
  // through DNS_RESOLVER_URL (empty: Cloudflare's DNS over HTTPS). Needs no Cloudflare keys.
  DOMAIN_PROVIDER: z
    .enum(["", "none", "cloudflare-saas", "manual"], { error: "must be cloudflare-saas, manual or none (or empty)" })
    .default(""),
  // cloudflare-saas: the zone the custom hostnames live on, and an API token (a secret) allowed
  // "SSL and Certificates: Edit" on it (docs/DEPLOY.md).
  CLOUDFLARE_ZONE_ID: z.string().default(""),
  CLOUDFLARE_API_TOKEN: z.string().default(""),
  // Where the Cloudflare API is (tests point it at a local fake); empty: the real one.
  CLOUDFLARE_API_URL: z
    .string()
    .default("")
    .refine((url) => url === "" || /^https?:\/\/[^/]/i.test(url), "must be an http(s) URL"),
  // Where a custom domain's CNAME points (the deployment's fallback origin). Empty: the first
  // SERVICE_HOSTS name (or, in development, the request's own host).
  DOMAIN_CNAME_TARGET: z
    .string()
    .default("")
    .refine((host) => host === "" || /^[a-z0-9.-]+$/i.test(host), "must be a hostname"),
};
