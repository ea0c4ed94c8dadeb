// What a Cloudflare for SaaS custom hostname's states mean here. Cloudflare answers the hostname's
// status (ownership: is the CNAME in place and the name proven) and its certificate's apart; either
// may be pending while the other is done. Statuses not listed (test_*, pending_* of Cloudflare's own
// moves) count as pending: they settle on their own.
import type { ProviderAnswer } from "./domain-check";
import type { CertificateState, OwnershipState } from "./domain-states";

export interface CustomHostnameView {
  status?: string | undefined;
  ssl?:
    | {
        status?: string | undefined;
        /** When the certificate in use expires (RFC 3339). */
        expires_on?: string | undefined;
        validation_errors?: { message?: string | undefined }[] | undefined;
      }
    | undefined;
  verification_errors?: string[] | undefined;
}

const VERIFIED = new Set(["active", "active_redeploying", "provisioned"]);
/** moved: the CNAME points elsewhere now; blocked and deleted: Cloudflare will not serve it. */
const FAILED = new Set(["moved", "blocked", "deleted", "pending_deletion", "test_failed"]);

const CERTIFICATE_ACTIVE = new Set(["active", "staging_active", "backup_issued"]);
const CERTIFICATE_FAILED = new Set([
  "expired",
  "deleted",
  "inactive",
  "deactivating",
  "initializing_timed_out",
  "validation_timed_out",
  "issuance_timed_out",
  "deployment_timed_out",
  "deletion_timed_out",
]);

function ownershipOf(status: string | undefined): OwnershipState {
  if (status !== undefined && VERIFIED.has(status)) return "verified";
  if (status !== undefined && FAILED.has(status)) return "failed";
  return "pending";
}

/**
 * Cloudflare renews a DV certificate about 30 days before it expires; one still unrenewed 14 days
 * before is failing to renew (usually a CNAME moved away or a CAA record that forbids the CA), and
 * its owners are told while the old certificate still serves.
 */
export const RENEWAL_OVERDUE_MS = 14 * 24 * 60 * 60 * 1000;

function expiresSoon(expiresOn: string | undefined, now: number): boolean {
  const at = expiresOn === undefined ? Number.NaN : Date.parse(expiresOn);
  return Number.isFinite(at) && at - now < RENEWAL_OVERDUE_MS;
}

function certificateOf(status: string | undefined): CertificateState {
  if (status !== undefined && CERTIFICATE_ACTIVE.has(status)) return "active";
  if (status !== undefined && CERTIFICATE_FAILED.has(status)) return "failed";
  return "pending";
}

/** Cloudflare's answer for a custom hostname, in the provider interface's terms. */
export function answerOfCustomHostname(hostname: CustomHostnameView, now = Date.now()): ProviderAnswer {
  const ownership = ownershipOf(hostname.status);
  const issued = certificateOf(hostname.ssl?.status);
  const overdue = issued === "active" && expiresSoon(hostname.ssl?.expires_on, now);
  const certificate = overdue ? "failed" : issued;
  const problem =
    hostname.verification_errors?.[0] ??
    hostname.ssl?.validation_errors?.[0]?.message ??
    (ownership === "failed" ? `Cloudflare reports the hostname ${hostname.status}` : null) ??
    (overdue
      ? `the certificate expires on ${hostname.ssl?.expires_on} and has not been renewed: check that the CNAME still points here and that no CAA record forbids the certificate authority`
      : null) ??
    (certificate === "failed" ? `Cloudflare reports the certificate ${hostname.ssl?.status}` : null);
  return { ownership, certificate, problem: problem?.slice(0, 500) ?? null };
}
