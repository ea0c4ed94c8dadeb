// Who proves a workspace holds a hostname. Each provider answers ownership and certificate apart.
// "none" (development and tests) proves nothing and answers verified at once; the configuration
// refuses it where keys are required (worker/config/settings.ts).
import type { Config } from "../../config/env";
import type { ProviderAnswer } from "../../domain/domain-check";
import type { DomainProvider } from "../../domain/domain-states";

export interface DomainToCheck {
  hostname: string;
  providerId: string | null;
  txtName: string;
  txtValue: string;
  cnameTarget: string;
}

export interface DomainProviderClient {
  name: DomainProvider;
  check(domain: DomainToCheck): Promise<ProviderAnswer>;
}

const NONE: DomainProviderClient = {
  name: "none",
  check: async () => ({ ownership: "verified", certificate: "none", problem: null }),
};

/** The configured provider, or null while custom domains are off (no provider set in production). */
export function domainProviderOf(config: Config): DomainProviderClient | null {
  return config.domainProvider === "none" ? NONE : null;
}
