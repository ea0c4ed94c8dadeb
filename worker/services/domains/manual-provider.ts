// The manual provider: the operator routes the hostname to the deployment (a proxy of their own, which
// also terminates TLS), and a workspace proves it holds the name with our TXT record, read through the
// deployment's DNS-over-HTTPS resolver. A resolver that cannot answer proves nothing either way: the check
// fails as the other providers' do when they cannot be reached (503 on /verify; the cron logs it and
// tries again), so the domain keeps its state and an outage never turns a serving domain unhealthy.
import type { Config } from "../../config/env";
import type { ProviderAnswer } from "../../domain/domain-check";
import { answerOfOwnershipRecord } from "../../domain/txt-ownership";
import { rcodeName } from "../../lib/dns-json";
import { AppError } from "../../lib/errors";
import { lookupTxt } from "../../lib/txt-records";
import { log } from "../../observability/logger";
import type { DomainProviderClient, DomainToCheck } from "./domain-providers";
import { ownTxtRecord } from "./own-txt-record";

/**
 * Where TXT records are read when DNS_RESOLVER_URL is empty (production: it is empty there because the
 * runtime's own fetch needs no address check, but a TXT record can only be read through a resolver).
 */
export const PUBLIC_DNS_JSON_URL = "https://cloudflare-dns.com/dns-query";

const NOTHING_CHECKED_YET: ProviderAnswer = { ownership: "pending", certificate: "none", problem: null };

export function manualProvider(config: Config): DomainProviderClient {
  const resolver = { url: config.DNS_RESOLVER_URL || PUBLIC_DNS_JSON_URL };
  return {
    name: "manual",
    // Nothing to ask yet: the value is made here, so no record can hold it.
    register: async (hostname) => ({ providerId: null, ...ownTxtRecord(hostname), answer: NOTHING_CHECKED_YET }),
    async check(domain: DomainToCheck) {
      const lookup = await lookupTxt(domain.txtName, resolver);
      if (lookup.ok) return answerOfOwnershipRecord(domain, lookup.texts);
      const { rcode, message } = lookup.failure;
      log("warn", "domain_provider_unreachable", { provider: "manual", error: message });
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        rcode === null
          ? `the DNS resolver cannot be reached to read the TXT record at ${domain.txtName}: try again shortly`
          : `the DNS resolver could not read the TXT record at ${domain.txtName} (it answered ${rcodeName(rcode)}): try again shortly`,
      );
    },
    // Nothing of ours to give back: the operator's routing and the workspace's record are theirs.
    release: async () => undefined,
  };
}
