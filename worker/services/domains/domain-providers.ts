// Who proves a workspace holds a hostname. Each provider takes a hostname on (register), answers
// ownership and certificate apart (check) and gives it back (release); a provider that cannot be asked
// throws (a 503), so the domain keeps its state. "none" (development and tests) proves nothing and
// answers verified at once; the configuration refuses it where keys are required.
import type { Config } from "../../config/env";
import type { ProviderAnswer } from "../../domain/domain-check";
import type { DomainProvider } from "../../domain/domain-states";
import { cloudflareSaasProvider } from "./cloudflare-saas";
import { manualProvider } from "./manual-provider";
import { ownTxtRecord } from "./own-txt-record";

export interface DomainToCheck {
  hostname: string;
  providerId: string | null;
  /** The TXT record stored with the domain (the manual provider reads it back from DNS). */
  txtName: string;
  txtValue: string;
}

export interface Registration {
  /** The provider's id for the hostname, when it keeps one. */
  providerId: string | null;
  /** The TXT record that proves ownership (the provider's, or ours). */
  txtName: string;
  txtValue: string;
  answer: ProviderAnswer;
}

export interface DomainProviderClient {
  name: DomainProvider;
  register(hostname: string): Promise<Registration>;
  check(domain: DomainToCheck): Promise<ProviderAnswer>;
  release(domain: DomainToCheck): Promise<void>;
}

const VERIFIED_AT_ONCE: ProviderAnswer = { ownership: "verified", certificate: "none", problem: null };

const NONE: DomainProviderClient = {
  name: "none",
  register: async (hostname) => ({ providerId: null, ...ownTxtRecord(hostname), answer: VERIFIED_AT_ONCE }),
  check: async () => VERIFIED_AT_ONCE,
  release: async () => undefined,
};

/** The configured provider, or null while custom domains are off (no provider set in production). */
export function domainProviderOf(config: Config): DomainProviderClient | null {
  if (config.domainProvider === "none") return NONE;
  if (config.domainProvider === "cloudflare-saas") return cloudflareSaasProvider(config);
  if (config.domainProvider === "manual") return manualProvider(config);
  return null;
}
