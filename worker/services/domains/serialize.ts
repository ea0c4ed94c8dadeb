import type { DomainRow } from "../../../db/schema";
import type { DomainResponse } from "../../contracts/domains";
import { dnsRecordsFor } from "../../domain/dns-records";
import { formatTimestamp } from "../../lib/time";

const timeOrNull = (date: Date | null) => (date === null ? null : formatTimestamp(date));

export function serializeDomain(row: DomainRow): DomainResponse {
  return {
    id: row.id,
    workspace_id: row.workspaceId,
    hostname: row.hostname,
    state: row.state,
    provider: row.provider,
    ownership: row.ownership,
    certificate: row.certificate,
    problem: row.problem,
    dns_records: dnsRecordsFor(row),
    root_redirect: row.rootRedirect,
    not_found_redirect: row.notFoundRedirect,
    expired_url: row.expiredUrl,
    is_default: row.isDefault,
    apple_app_site_association: row.appleAppSiteAssociation ?? null,
    assetlinks: row.assetlinks ?? null,
    verified_at: timeOrNull(row.verifiedAt),
    checked_at: timeOrNull(row.checkedAt),
    created_at: formatTimestamp(row.createdAt),
    updated_at: formatTimestamp(row.updatedAt),
  };
}
