// What the cron evaluator and the AlertState object exchange: kept out of the object's class
// file so the alerts code depends on these shapes, not on the Durable Object.

import type { AlertConfig } from "../../config/alert-config";
import type { DomainGauges } from "../domains/domain-gauges";
import type { WebhookGauges } from "../webhooks/webhook-gauges";
import type { AlertName } from "./catalogue";
import type { Verdict } from "./rules";
import type { AlertRecord, TransitionRules } from "./state-machine";

export interface EvaluationInput {
  minute: number;
  now: number;
  verdicts: Verdict[];
  rules: Record<AlertName, TransitionRules>;
  databaseUp: boolean;
  /** Active links per destination health state (null: not counted this run, the database was down). */
  linksByHealth: Record<string, number> | null;
  /** Webhook endpoints by state and the delivery backlog (null: not counted this run). */
  webhooks: WebhookGauges | null;
  /** Custom domains by state, their certificates, the longest unhealthy (null: not counted this run). */
  domains: DomainGauges | null;
  /** Email settings for this run (kept in memory only: secrets are never stored). */
  email: AlertConfig | null;
}

export interface EvaluationResult {
  duplicate: boolean;
  alerts: AlertRecord[];
  queued: number;
}

export interface AlertSnapshot {
  alerts: AlertRecord[];
  counters: Record<string, number>;
  lastSuccessMs: number | null;
  databaseUp: boolean | null;
  linksByHealth: Record<string, number> | null;
  webhooks: WebhookGauges | null;
  domains: DomainGauges | null;
}
