// A link's anomaly alerts for its page (/app/links/{id}): those that fired, firing now or resolved,
// as the hourly judgement stored them (anomaly-records.ts). The link's workspace only: another's is
// a 404, as in the API. The phishing pattern is the operators' alone, as its email is (anomaly-email.ts):
// the owner of a link turned to phishing is who it would warn.
import { getOwnedUrl } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { loadAnomalyRecords } from "./anomaly-records";
import type { AnomalyKind } from "./detect-anomalies";

/** The kinds a link's owner is told of (the email goes to them too). */
const OWNER_KINDS: ReadonlySet<AnomalyKind> = new Set<AnomalyKind>(["spike", "drop", "bot_share"]);

export interface LinkAnomaly {
  kind: AnomalyKind;
  state: "firing" | "resolved";
  /** When it started firing, or resolved (epoch ms). */
  since: number | null;
  /** The hour's number it was judged on, and the threshold it was held to. */
  value: number | null;
  threshold: number;
  detail: string;
  /** Times it has fired. */
  episode: number;
  /** When it was last judged (epoch ms). */
  evaluatedAt: number | null;
}

/** Firing ones first, then the most recent. */
export async function readLinkAnomalies(ctx: ServiceContext, urlId: number): Promise<LinkAnomaly[]> {
  const [, records] = await Promise.all([getOwnedUrl(ctx, urlId), loadAnomalyRecords(ctx.database(), [urlId])]);
  const shown: LinkAnomaly[] = [];
  for (const record of records.values()) {
    if (record.state === "inactive" || !OWNER_KINDS.has(record.kind)) continue;
    shown.push({
      kind: record.kind,
      state: record.state,
      since: record.since,
      value: record.lastValue,
      threshold: record.threshold,
      detail: record.detail,
      episode: record.episode,
      evaluatedAt: record.lastEvaluatedAt,
    });
  }
  return shown.sort(
    (a, b) => Number(b.state === "firing") - Number(a.state === "firing") || (b.since ?? 0) - (a.since ?? 0),
  );
}
