// What a domain's owners are told: it stopped verifying, it recovered, or (once) it is still waiting for
// its DNS. Mailed to the workspace's owners and admins (the operator workspace's: ALERT_EMAIL_TO).
import type { DomainRow } from "../../../db/schema";
import { emailEnabled } from "../../config/alert-config";
import type { Config } from "../../config/env";
import { dnsRecordsFor } from "../../domain/dns-records";
import { log } from "../../observability/logger";
import { type MailMessage, sendEmail } from "../mail/send-email";
import type { Database } from "../service-context";
import { listMembers } from "../workspaces/workspace-store";

export type DomainNews = "unhealthy" | "recovered" | "still_pending";

const records = (domain: DomainRow) =>
  dnsRecordsFor(domain).map((record) => `  ${record.type} ${record.name} → ${record.value}`);

export function composeDomainMail(domain: DomainRow, news: DomainNews): MailMessage {
  const name = domain.hostname;
  if (news === "recovered") {
    return {
      subject: `[Linkscope] ${name} verifies again`,
      text: `${name} verifies again: its links are served as before.\n`,
    };
  }
  if (news === "still_pending") {
    return {
      subject: `[Linkscope] ${name} is still waiting for its DNS records`,
      text: [
        `${name} was added two weeks ago and has not been verified yet, so no link is served on it.`,
        "Create these records at its DNS host (or delete the domain if it is no longer wanted):",
        ...records(domain),
        "",
        "It stays claimed for your workspace, and is checked every hour.",
        "",
      ].join("\n"),
    };
  }
  return {
    subject: `[Linkscope] ${name} stopped verifying`,
    text: [
      `${name} was verified and has stopped verifying${domain.problem ? `: ${domain.problem}` : "."}`,
      `Ownership: ${domain.ownership}; certificate: ${domain.certificate}.`,
      "",
      "Its links are answered for as long as the provider still routes the name to us; check that these",
      "records are still in place at its DNS host:",
      ...records(domain),
      "",
      "It is checked again every 10 minutes; you will hear when it verifies again.",
      "",
    ].join("\n"),
  };
}

/** Mails the domain's workspace's owners and admins; answers whether a mail went. */
export async function mailDomainOwners(
  db: Database,
  config: Config,
  domain: DomainRow,
  news: DomainNews,
): Promise<boolean> {
  const members = await listMembers(db, domain.workspaceId);
  const owners = members.filter((member) => member.role === "owner" || member.role === "admin");
  const to = owners.length > 0 ? owners.map((member) => member.email).join(",") : config.ALERT_EMAIL_TO;
  if (!to || !emailEnabled({ ...config, ALERT_EMAIL_TO: to })) return false;
  try {
    await sendEmail({ ...config, ALERT_EMAIL_TO: to }, composeDomainMail(domain, news));
    return true;
  } catch (error) {
    log("warn", "domain_email_failed", { news, error: String(error) });
    return false;
  }
}
