// What a workspace creates at its DNS host for a custom domain: the CNAME that routes the hostname to
// the deployment, and the TXT record that proves it holds the name.

export interface DnsRecord {
  type: "CNAME" | "TXT";
  name: string;
  value: string;
}

/** The TXT record's name for a hostname (an underscore label: it never collides with a host). */
export const ownershipRecordName = (hostname: string) => `_linkscope-challenge.${hostname}`;

export function dnsRecordsFor(domain: {
  hostname: string;
  cnameTarget: string;
  txtName: string;
  txtValue: string;
}): DnsRecord[] {
  return [
    { type: "CNAME", name: domain.hostname, value: domain.cnameTarget },
    { type: "TXT", name: domain.txtName, value: domain.txtValue },
  ];
}
