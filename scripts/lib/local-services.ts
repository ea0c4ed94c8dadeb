// What the worker needs on this machine, started together: Postgres (the embedded PGlite unless
// DATABASE_URL names one) with the migrations applied, the Neon HTTP bridge and WebSocket proxy in front of it,
// the Upstash REST bridge when REDIS_URL names a Redis, a local SMTP sink unless SMTP_HOST names a
// relay, and the control port. Used by `npm run dev` (which then starts wrangler dev itself) and by
// `npm run services` (which writes .dev.vars for a `wrangler dev` of your own).
import { randomBytes } from "node:crypto";
import { type DatabaseEndpoints, startDatabaseEndpoints } from "./database-endpoints.ts";
import { type DevControl, startDevControl } from "./dev-control.ts";
import { startDnsJsonResolver } from "./dns-json-resolver.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { applyMigrations } from "./migrate.ts";
import { isPortOpen } from "./ports.ts";
import { type SmtpSink, startSmtpSink } from "./smtp-sink.ts";
import { startUpstashBridge, type UpstashBridge } from "./upstash-bridge.ts";

export interface LocalServicesOptions {
  dataDir: string;
  embeddedPostgresPort: number;
  controlPort: number;
  /** Where the worker will listen (the control port and alert emails point there). */
  workerUrl: string;
  environment?: NodeJS.ProcessEnv;
  say(message: string): void;
}

export interface LocalServices {
  /** The variables that connect a worker to these services. */
  vars: Record<string, string>;
  control: DevControl;
  stop(): Promise<void>;
}

/** Starts everything; throws with a plain message (no stack) when a port it needs is taken. */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const environment = options.environment ?? process.env;
  const { say } = options;
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    if (await isPortOpen(options.controlPort)) {
      throw new Error(`port ${options.controlPort} (the control port) is in use; set DEV_CONTROL_PORT`);
    }
    let embedded: EmbeddedPostgres | undefined;
    let databaseUrl = environment.DATABASE_URL;
    if (!databaseUrl) {
      // Refused (plainly) when another process serves the same data folder; a free port when
      // the preferred one is taken by something else.
      embedded = await startEmbeddedPostgres(`${options.dataDir}/pglite`, options.embeddedPostgresPort);
      started.push(embedded);
      databaseUrl = embedded.url;
      if (embedded.portNote) say(embedded.portNote);
      say(`embedded Postgres (PGlite) on 127.0.0.1:${embedded.port}, data in ${options.dataDir}/pglite`);
    } else {
      say("using the Postgres named by DATABASE_URL");
    }
    await applyMigrations(databaseUrl);
    say("migrations applied");

    const database: DatabaseEndpoints = await startDatabaseEndpoints(databaseUrl, { embedded: Boolean(embedded) });
    started.push({ stop: () => database.close() });
    say(`Neon HTTP bridge on ${database.bridge.url}, WebSocket proxy on ${database.vars.NEON_WS_PROXY}`);
    const vars: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      ...database.vars,
    };
    // wrangler dev's runtime can reach this machine's private network (production's cannot): health
    // checks and webhook deliveries ask this resolver first and refuse names of private addresses.
    if (environment.DNS_RESOLVER_URL) {
      vars.DNS_RESOLVER_URL = environment.DNS_RESOLVER_URL;
    } else {
      const resolver = await startDnsJsonResolver();
      started.push({ stop: () => resolver.close() });
      vars.DNS_RESOLVER_URL = resolver.url;
      say(`DNS resolver for outbound checks on ${resolver.url}`);
    }
    // Cached hits are sampled as in production (wrangler.toml: 1 %): logging every one made a long
    // session's wrangler proxy grow without bound. LOG_REDIRECT_HIT_SAMPLE=1 npm run dev shows them all.
    if (environment.LOG_REDIRECT_HIT_SAMPLE) vars.LOG_REDIRECT_HIT_SAMPLE = environment.LOG_REDIRECT_HIT_SAMPLE;

    // Redis tier: only when REDIS_URL names a Redis; the Upstash REST bridge goes in front of it.
    if (environment.REDIS_URL) {
      const bridge: UpstashBridge = await startUpstashBridge({
        redisUrl: environment.REDIS_URL,
        token: randomBytes(16).toString("hex"),
      });
      started.push({ stop: () => bridge.close() });
      vars.UPSTASH_REDIS_REST_URL = bridge.url;
      vars.UPSTASH_REDIS_REST_TOKEN = bridge.token;
      say(`Redis tier on: Upstash REST bridge on ${bridge.url} → ${environment.REDIS_URL}`);
    } else {
      say("Redis tier off (set REDIS_URL=redis://127.0.0.1:6379 to enable it)");
    }

    // Alert email: a relay named by SMTP_HOST, or a local sink whose messages the control port lists.
    let sink: SmtpSink | undefined;
    if (!environment.SMTP_HOST) {
      // Each mail's first link in the terminal: signing in locally is opening the link printed here.
      sink = await startSmtpSink({
        onMessage: (mail) => {
          const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
          say(`mail to ${mail.to.join(", ")}: ${mail.subject}${link ? `\n[dev]   ${link}` : ""}`);
        },
      });
      const opened = sink;
      started.push({ stop: () => opened.close() });
      Object.assign(vars, {
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: String(sink.smtpPort),
        SMTP_TLS: "none",
        ALERT_EMAIL_TO: environment.ALERT_EMAIL_TO ?? "ops@linkscope.local",
      });
    }
    vars.ALERT_DASHBOARD_URL = environment.ALERT_DASHBOARD_URL ?? options.workerUrl;

    const control = await startDevControl({ port: options.controlPort, database, sink, workerUrl: options.workerUrl });
    started.push({ stop: () => control.close() });
    say(`control port ${control.url} (fire drill: npm run fire-drill)`);
    if (sink) say(`alert emails go to a local sink: ${control.url}/mail (set SMTP_HOST to use a relay)`);
    return { vars, control, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
