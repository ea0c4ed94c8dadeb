// What `npm run preflight` checks of a configuration before it is deployed, offline: the parts
// that are pure (wrangler.toml against docs/DEPLOY.md). The bundle build is scripts/preflight.ts.
import { parse } from "smol-toml";

/** Secrets the worker must have in production, and those a feature needs when it is used. */
export const REQUIRED_SECRETS = ["DATABASE_URL", "ADMIN_API_KEY", "METRICS_TOKEN", "LINK_PASSWORD_SECRET"] as const;
export const OPTIONAL_SECRETS = [
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "SMTP_HOST",
  "SMTP_PORT",
  "SMTP_USER",
  "SMTP_PASSWORD",
  "ALERT_EMAIL_TO",
  "SENTRY_DSN",
] as const;

/** Vars whose production value is a security decision: the value a deployable config must hold. */
const PRODUCTION_VALUES: Record<string, string> = {
  REQUIRE_API_KEYS: "true",
  RATE_LIMITS: "on",
  TRUST_REQUEST_ID: "false",
  ALLOW_PRIVATE_DESTINATIONS: "false",
  NEON_WS_PROXY: "",
  NEON_FETCH_ENDPOINT: "",
};

interface WranglerConfig {
  compatibility_date?: string;
  vars?: Record<string, unknown>;
  durable_objects?: { bindings?: { name: string; class_name: string }[] };
  ratelimits?: { name: string; namespace_id: string }[];
  queues?: {
    producers?: { binding: string; queue: string }[];
    consumers?: { queue: string; dead_letter_queue?: string }[];
  };
  triggers?: { crons?: string[] };
}

/** Every name an operator has to know about: bindings, queues, vars, crons. */
export function namesInConfig(config: WranglerConfig): string[] {
  return [
    ...(config.durable_objects?.bindings ?? []).flatMap((binding) => [binding.name, binding.class_name]),
    ...(config.ratelimits ?? []).map((limit) => limit.name),
    ...(config.queues?.producers ?? []).flatMap((producer) => [producer.binding, producer.queue]),
    ...(config.queues?.consumers ?? []).flatMap((consumer) =>
      [consumer.queue, consumer.dead_letter_queue ?? []].flat(),
    ),
    ...Object.keys(config.vars ?? {}),
    ...(config.triggers?.crons ?? []),
  ];
}

/**
 * Problems that make a configuration unsafe or undocumented to deploy; empty when it may go.
 * `workerdDate` is the compatibility date of the installed workerd (YYYY-MM-DD).
 */
export function preflightProblems(wranglerToml: string, deployGuide: string, workerdDate: string): string[] {
  const problems: string[] = [];
  const config = parse(wranglerToml) as WranglerConfig;
  const vars = config.vars ?? {};

  for (const [name, wanted] of Object.entries(PRODUCTION_VALUES)) {
    if (String(vars[name] ?? "") !== wanted) {
      problems.push(
        `wrangler.toml: ${name} must be "${wanted}" in a deployable configuration (is "${vars[name] ?? ""}")`,
      );
    }
  }
  for (const secret of [...REQUIRED_SECRETS, ...OPTIONAL_SECRETS]) {
    if (secret in vars && vars[secret] !== "")
      problems.push(`wrangler.toml: ${secret} is a secret and must not be a var`);
    // The guide's commands run through the project's Node (`npm run wrangler -- ...`): plain npx fails on Node 20.
    if (!deployGuide.includes(`npm run wrangler -- secret put ${secret}`)) {
      problems.push(`docs/DEPLOY.md never says "npm run wrangler -- secret put ${secret}"`);
    }
  }
  for (const name of new Set(namesInConfig(config))) {
    if (!deployGuide.includes(name)) problems.push(`docs/DEPLOY.md does not mention ${name} (in wrangler.toml)`);
  }
  const namespaces = (config.ratelimits ?? []).map((limit) => limit.namespace_id);
  if (new Set(namespaces).size !== namespaces.length)
    problems.push("wrangler.toml: two ratelimits share a namespace_id");
  for (const queue of config.queues?.consumers ?? []) {
    if (
      queue.dead_letter_queue &&
      !deployGuide.includes(`npm run wrangler -- queues create ${queue.dead_letter_queue}`)
    ) {
      problems.push(`docs/DEPLOY.md never creates the dead-letter queue ${queue.dead_letter_queue}`);
    }
  }
  for (const producer of config.queues?.producers ?? []) {
    if (!deployGuide.includes(`npm run wrangler -- queues create ${producer.queue}`)) {
      problems.push(`docs/DEPLOY.md never creates the queue ${producer.queue}`);
    }
  }
  const date = config.compatibility_date ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push("wrangler.toml: compatibility_date is missing");
  else if (date > workerdDate) {
    problems.push(`wrangler.toml: compatibility_date ${date} is later than the installed workerd's ${workerdDate}`);
  }
  return problems;
}
