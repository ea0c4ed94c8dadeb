// Custom domains (docs/API.md, "Custom domains"), from vars.
import { z } from "zod";

/** The custom domain settings: part of the one configuration schema (worker/config/settings.ts). */
export const DOMAIN_SETTINGS = {
  // Who proves a workspace owns a hostname. "none": at once, no proof (local development and tests
  // only; refused with REQUIRE_API_KEYS=true). Empty: "none" while keys are optional, else custom
  // domains are off (POST /domains answers 503 until a provider is set).
  DOMAIN_PROVIDER: z.enum(["", "none"], { error: "must be none (or empty)" }).default(""),
  // Where a custom domain's CNAME points (the deployment's fallback origin). Empty: the first
  // SERVICE_HOSTS name (or, in development, the request's own host).
  DOMAIN_CNAME_TARGET: z
    .string()
    .default("")
    .refine((host) => host === "" || /^[a-z0-9.-]+$/i.test(host), "must be a hostname"),
};
