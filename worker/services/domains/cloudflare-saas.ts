// Cloudflare for SaaS: each domain is a custom hostname on the deployment's zone, proven over HTTP
// once its CNAME points at the zone, with a certificate Cloudflare issues. Cloudflare's refusals
// become answers a person can act on: a hostname the zone holds already is adopted (an earlier
// domain's that was not released), a used-up quota is the operator's to raise.
import type { Config } from "../../config/env";
import { answerOfCustomHostname } from "../../domain/cloudflare-hostname";
import { AppError } from "../../lib/errors";
import { log } from "../../observability/logger";
import { CloudflareApiError, customHostnamesApi } from "./cloudflare-api";
import type { DomainProviderClient, DomainToCheck } from "./domain-providers";

/** Cloudflare's error codes (developers.cloudflare.com, Cloudflare for SaaS status codes). */
const DUPLICATE_HOSTNAME = 1406;
const NO_QUOTA = [1404, 1405];
const HOSTNAME_NOT_FOUND = 1436;

function refusal(error: unknown, hostname: string): Error {
  if (error instanceof CloudflareApiError && NO_QUOTA.some((code) => error.has(code))) {
    log("error", "domain_provider_quota", { provider: "cloudflare-saas" });
    return new AppError(
      "SERVICE_UNAVAILABLE",
      "the deployment's custom hostname quota is used up: its operator must raise it (Cloudflare for SaaS)",
    );
  }
  if (error instanceof CloudflareApiError) {
    log("warn", "domain_provider_refused", { provider: "cloudflare-saas", status: error.status });
    return new AppError("SERVICE_UNAVAILABLE", `the domain provider refused ${hostname}: ${error.message}`);
  }
  log("warn", "domain_provider_unreachable", { provider: "cloudflare-saas", error: String(error) });
  return new AppError("SERVICE_UNAVAILABLE", "the domain provider cannot be reached: try again shortly");
}

const isGone = (error: unknown) =>
  error instanceof CloudflareApiError && (error.has(HOSTNAME_NOT_FOUND) || error.status === 404);

export function cloudflareSaasProvider(config: Config): DomainProviderClient {
  const api = customHostnamesApi({
    zoneId: config.CLOUDFLARE_ZONE_ID,
    token: config.CLOUDFLARE_API_TOKEN,
    baseUrl: config.CLOUDFLARE_API_URL,
  });
  return {
    name: "cloudflare-saas",
    async register(hostname) {
      let made: Awaited<ReturnType<typeof api.create>> | undefined;
      try {
        made = await api.create(hostname);
      } catch (error) {
        if (!(error instanceof CloudflareApiError && error.has(DUPLICATE_HOSTNAME))) throw refusal(error, hostname);
        // The zone holds it and no workspace does (the caller checked): ours to adopt.
        made = await api.find(hostname).catch((lookup: unknown) => {
          throw refusal(lookup, hostname);
        });
        if (!made) throw refusal(error, hostname);
      }
      const record = made.ownership_verification;
      return {
        providerId: made.id,
        txtName: record?.name ?? `_cf-custom-hostname.${hostname}`,
        txtValue: record?.value ?? "",
        answer: answerOfCustomHostname(made),
      };
    },
    async check(domain: DomainToCheck) {
      if (!domain.providerId) return { ownership: "failed", certificate: "pending", problem: "not registered" };
      try {
        return answerOfCustomHostname(await api.get(domain.providerId));
      } catch (error) {
        if (isGone(error)) {
          return { ownership: "failed", certificate: "failed", problem: "Cloudflare no longer has this hostname" };
        }
        throw refusal(error, domain.hostname);
      }
    },
    async release(domain: DomainToCheck) {
      if (!domain.providerId) return;
      try {
        await api.delete(domain.providerId);
      } catch (error) {
        if (isGone(error)) return;
        // The row goes anyway: a hostname left on the zone is adopted if it is claimed again.
        log("warn", "domain_release_failed", { provider: "cloudflare-saas", error: String(error) });
      }
    },
  };
}
