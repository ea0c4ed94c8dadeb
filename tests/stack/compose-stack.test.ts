// docker-compose.yml, run without Docker: every compose service's native equivalent at its compose
// host name (each name on a loopback address of its own in /etc/hosts; root only) and its compose
// ports, started from the file's own commands, environment and mounted configuration files:
//   postgres        Debian's PostgreSQL 15 (a throwaway cluster, the compose user/password/database,
//                   password authentication over TCP as in the image)
//   redis           redis-server with the compose command
//   migrate, neon-endpoints, upstash-bridge, dns-resolver, worker
//                   the compose commands under this machine's Node (the image's /app is the checkout,
//                   its node_modules volume the installed node_modules; node-modules itself, npm ci,
//                   is not run)
//   mailpit         the project's SMTP sink on mailpit:1025
//   alertmanager    Debian's prometheus-alertmanager with the compose command and alertmanager.yml
//   prometheus      Debian's prometheus with the compose entrypoint, prometheus.yml and rules
//   cron            its scheduled-handler URL, called once
//   grafana         cannot run here: its provisioning is checked against the generated dashboards
// Then a link is created and redirects, the CSV import's transaction goes through the WebSocket
// proxy, Redis holds the worker's cache entries, Prometheus scrapes a linkscope_ metric with the
// bearer token, and an alert posted to Alertmanager arrives as an email at the sink.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DASHBOARD_FILE, renderGrafanaFiles } from "../../scripts/lib/grafana-files.ts";
import { findFreePort } from "../../scripts/lib/ports.ts";
import { type SmtpSink, startSmtpSink } from "../../scripts/lib/smtp-sink.ts";
import {
  addHosts,
  COMPOSE_VARIABLES,
  type ComposeFile,
  type ComposeService,
  containerPorts,
  loadComposeFile,
  type Mount,
  mountsOf,
  type NativeProcess,
  rewritePaths,
  startNative,
  userIds,
} from "../../scripts/lib/stack/compose.ts";
import { waitFor } from "../../scripts/lib/stack/wait.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PG_BIN = "/usr/lib/postgresql/15/bin";
const HOSTS_TAG = "linkscope-compose-stack-test";
const PRIVATE_NAME = "private-destination.example.test";
const ALERT_NAME = `ComposeStackCheck${randomBytes(3).toString("hex")}`;

function missingRequirement(): string | undefined {
  if (process.getuid?.() !== 0) return "not root (it writes the compose host names into /etc/hosts)";
  for (const binary of ["prometheus", "prometheus-alertmanager", "redis-server", "redis-cli"]) {
    if (spawnSync(binary, ["--version"], { stdio: "ignore", timeout: 10_000 }).status !== 0) return `no ${binary}`;
  }
  if (!existsSync(`${PG_BIN}/postgres`)) return `no ${PG_BIN}/postgres`;
  if (!userIds("postgres")) return "no postgres user";
  return undefined;
}
const skipReason = missingRequirement();
if (skipReason) console.warn(`[compose-stack] skipped: ${skipReason}`);

const timeout = (ms = 5_000) => AbortSignal.timeout(ms);
const metricsToken = randomBytes(24).toString("hex");
const interpolationEnvironment: Record<string, string | undefined> = { ...process.env, METRICS_TOKEN: metricsToken };
// This run sets only METRICS_TOKEN, so the token path (worker and Prometheus) is exercised.
for (const name of COMPOSE_VARIABLES) if (name !== "METRICS_TOKEN") delete interpolationEnvironment[name];

let compose: ComposeFile;
let stateDir: string;
let hosts: ReturnType<typeof addHosts> | undefined;
const running: NativeProcess[] = [];
let sink: SmtpSink | undefined;
let alertPostedAt = 0;

const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
};
const address = (name: string): string => {
  const found = hosts?.addresses[name];
  if (!found) throw new Error(`no address for ${name}`);
  return found;
};
const port = (name: string, index = 0): number => {
  const found = containerPorts(service(name))[index];
  if (!found) throw new Error(`${name} publishes no port ${index}`);
  return found;
};
const logFile = (name: string) => `${stateDir}/${name}.log`;

/** A service's paths and addresses here: its mounts, and 0.0.0.0 (every interface of its container) → its address. */
function nativeOf(name: string, extra: Mount[] = []) {
  const mounts = mountsOf(service(name), { projectDir: ROOT, stateDir: `${stateDir}/${name}`, extra });
  const rewrite = (text: string) => rewritePaths(text.replaceAll("0.0.0.0", address(name)), mounts);
  const environment = Object.fromEntries(
    Object.entries(service(name).environment).map(([key, value]) => [key, rewrite(value)]),
  );
  return { mounts, rewrite, environment };
}

/** One of the project's Node services: the compose command, in the checkout, under this machine's Node. */
function startNodeService(
  name: string,
  options: { extraMounts?: Mount[]; adjust?: (command: string[]) => string[] } = {},
) {
  const { rewrite, environment } = nativeOf(name, [
    ...(options.extraMounts ?? []),
    { container: "/app/node_modules", host: `${ROOT}node_modules` },
  ]);
  const adjust = options.adjust ?? ((command: string[]) => command);
  const definition = service(name);
  const command = adjust((definition.command ?? []).map(rewrite));
  const [binary = "", ...args] = command;
  const child = startNative(name, binary, args, {
    cwd: rewrite(String(definition.working_dir ?? "/app")),
    // This Node (>= 22.18, as the image's) first on PATH.
    env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ...environment },
    logFile: logFile(name),
  });
  running.push(child);
  return child;
}

async function waitForHttp(name: string, url: string, accept: (status: number) => boolean, ms = 30_000) {
  const child = running.find((process) => process.name === name);
  await waitFor(
    `${name} at ${url}`,
    async () => {
      if (child && child.child.exitCode !== null) throw new Error(`${name} exited: ${child.log()}`);
      const response = await fetch(url, { signal: timeout(2_000) });
      await response.arrayBuffer();
      return accept(response.status) ? true : undefined;
    },
    ms,
  );
}

async function startPostgres() {
  const definition = service("postgres");
  const {
    POSTGRES_USER: user = "",
    POSTGRES_PASSWORD: password = "",
    POSTGRES_DB: database = "",
  } = definition.environment;
  const ids = userIds("postgres");
  if (!ids) throw new Error("no postgres user");
  const dir = `${stateDir}/postgres`;
  mkdirSync(`${dir}/data`, { recursive: true });
  writeFileSync(`${dir}/pwfile`, password);
  for (const path of [dir, `${dir}/data`, `${dir}/pwfile`]) chownSync(path, ids.uid, ids.gid);
  // As the image's entrypoint does: the superuser and password from the environment, trust over the
  // socket, scram-sha-256 over TCP (which the worker's connection string, the bridge and the proxy use).
  const initdb = spawnSync(
    `${PG_BIN}/initdb`,
    [
      "-D",
      `${dir}/data`,
      "-U",
      user,
      `--pwfile=${dir}/pwfile`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--no-sync",
      "--encoding=UTF8",
      "--locale=C",
    ],
    { uid: ids.uid, gid: ids.gid, encoding: "utf8", timeout: 60_000 },
  );
  if (initdb.status !== 0) throw new Error(`initdb: ${initdb.stderr}`);
  writeFileSync(`${dir}/data/pg_hba.conf`, "local all all trust\nhost all all 0.0.0.0/0 scram-sha-256\n");
  const postgres = startNative(
    "postgres",
    `${PG_BIN}/postgres`,
    [
      "-D",
      `${dir}/data`,
      "-c",
      `listen_addresses=${address("postgres")}`,
      "-c",
      `port=${port("postgres")}`,
      "-c",
      `unix_socket_directories=${dir}`,
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    { cwd: dir, env: { PATH: process.env.PATH ?? "" }, logFile: logFile("postgres"), ...ids },
  );
  running.push(postgres);
  // The image creates POSTGRES_DB on first start.
  const adminUrl = `postgres://${user}:${encodeURIComponent(password)}@postgres:${port("postgres")}/postgres`;
  await waitFor(
    "postgres to accept connections",
    async () => {
      if (postgres.child.exitCode !== null) throw new Error(`postgres exited: ${postgres.log()}`);
      const client = new pg.Client({
        connectionString: adminUrl,
        connectionTimeoutMillis: 2_000,
        query_timeout: 5_000,
      });
      try {
        await client.connect();
        await client.query(`CREATE DATABASE "${database}"`);
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    30_000,
  );
}

async function startRedis() {
  const definition = service("redis");
  const [binary = "", ...args] = definition.command ?? [];
  const dir = `${stateDir}/redis`;
  mkdirSync(dir, { recursive: true });
  const redis = startNative(
    "redis",
    binary,
    [...args, "--bind", address("redis"), "--port", String(port("redis")), "--dir", dir, "--daemonize", "no"],
    { cwd: dir, env: process.env, logFile: logFile("redis") },
  );
  running.push(redis);
  await waitFor("redis to answer PING", async () => {
    if (redis.child.exitCode !== null) throw new Error(`redis exited: ${redis.log()}`);
    const ping = redisCli(["ping"]);
    return ping.trim() === "PONG" ? true : undefined;
  });
}

function redisCli(args: string[]): string {
  const result = spawnSync("redis-cli", ["-h", "redis", "-p", String(port("redis")), ...args], {
    encoding: "utf8",
    timeout: 5_000,
  });
  return result.stdout ?? "";
}

async function startAlertmanager() {
  const { rewrite } = nativeOf("alertmanager");
  const args = (service("alertmanager").command ?? []).map(rewrite);
  const alertmanager = startNative(
    "alertmanager",
    "prometheus-alertmanager",
    [...args, `--web.listen-address=${address("alertmanager")}:${port("alertmanager")}`],
    { cwd: stateDir, env: process.env, logFile: logFile("alertmanager") },
  );
  running.push(alertmanager);
  await waitForHttp("alertmanager", `http://alertmanager:${port("alertmanager")}/-/ready`, (status) => status === 200);
  // Posted now: the compose route waits group_wait (30 s) before its first email, while the rest starts.
  const response = await fetch(`http://alertmanager:${port("alertmanager")}/api/v2/alerts`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify([
      {
        labels: { alertname: ALERT_NAME, severity: "page" },
        annotations: { summary: "posted by the compose stack test" },
        startsAt: new Date().toISOString(),
      },
    ]),
    signal: timeout(),
  });
  expect(response.status, await response.text()).toBe(200);
  alertPostedAt = Date.now();
}

async function startPrometheus() {
  const { rewrite, environment } = nativeOf("prometheus");
  const [shell = "", flag = "", script = ""] = service("prometheus").entrypoint ?? [];
  // The image's /bin/prometheus is Debian's prometheus; it listens on the service's address only.
  const native = `${rewrite(script).replace("/bin/prometheus", "prometheus").trimEnd()} --web.listen-address=${address("prometheus")}:${port("prometheus")}`;
  const prometheus = startNative("prometheus", shell, [flag, native], {
    cwd: stateDir,
    env: { ...process.env, ...environment },
    logFile: logFile("prometheus"),
  });
  running.push(prometheus);
  await waitForHttp("prometheus", `http://prometheus:${port("prometheus")}/-/ready`, (status) => status === 200);
}

async function startStack() {
  stateDir = mkdtempSync(`${tmpdir()}/linkscope-compose-`);
  // Postgres runs as its own user and needs to reach its directory inside.
  chmodSync(stateDir, 0o711);
  compose = loadComposeFile(`${ROOT}docker-compose.yml`, interpolationEnvironment);
  // One name more: a destination on a private address, which the worker's own requests must refuse.
  hosts = addHosts([...Object.keys(compose.services), PRIVATE_NAME], { tag: HOSTS_TAG });

  const mailpitSmtp = containerPorts(service("mailpit")).find((published) => published === 1025);
  if (!mailpitSmtp) throw new Error("mailpit publishes no SMTP port 1025");
  await Promise.all([
    startPostgres(),
    startRedis(),
    startSmtpSink({ host: address("mailpit"), smtpPort: mailpitSmtp }).then(async (started) => {
      sink = started;
      await startAlertmanager();
    }),
  ]);

  // What the worker depends on, each started when its own dependencies are (compose's depends_on).
  const migrate = startNodeService("migrate");
  const neon = startNodeService("neon-endpoints");
  const upstash = startNodeService("upstash-bridge");
  const resolver = startNodeService("dns-resolver");
  const resolverPort = Number(service("dns-resolver").command?.at(-1));
  const neonHttpPort = Number(service("neon-endpoints").environment.NEON_HTTP_PORT);
  const upstashPort = Number(service("upstash-bridge").command?.at(-1));
  await Promise.all([
    waitFor(
      "migrate to finish",
      async () => {
        if (migrate.child.exitCode === null) return undefined;
        if (migrate.child.exitCode !== 0) throw new Error(`migrate failed: ${migrate.log()}`);
        return true;
      },
      60_000,
    ),
    waitForHttp(neon.name, `http://neon-endpoints:${neonHttpPort}/sql`, (status) => status === 405),
    waitForHttp(upstash.name, `http://upstash-bridge:${upstashPort}/`, (status) => status === 401),
    waitForHttp(
      resolver.name,
      `http://dns-resolver:${resolverPort}/dns-query?name=localhost&type=A`,
      (status) => status === 200,
    ),
  ]);

  // The worker: its compose command, with Durable Object storage of its own (not the checkout's
  // .data, which a real `docker compose up` uses) and a free inspector port.
  const inspectorPort = await findFreePort();
  startNodeService("worker", {
    extraMounts: [{ container: "/app/.data", host: `${stateDir}/worker/app-data` }],
    adjust: ([shell = "", flag = "", script = ""]) => [
      shell,
      flag,
      `${script.trimEnd()} --inspector-port ${inspectorPort}`,
    ],
  });
  await waitForHttp("worker", `http://worker:${port("worker")}/health`, (status) => status === 200, 90_000);
  await startPrometheus();
}

describe.skipIf(skipReason !== undefined)("docker-compose.yml, natively at its compose host names", () => {
  const worker = () => `http://worker:${port("worker")}`;

  beforeAll(async () => {
    await startStack();
  }, 170_000);

  afterAll(async () => {
    await sink?.close().catch(() => undefined);
    for (const child of [...running].reverse()) {
      await child.stop(5_000, child.name === "postgres" ? "SIGINT" : "SIGTERM");
    }
    hosts?.remove();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it("passes the healthchecks of the project's Node services (run against their addresses here)", () => {
    for (const name of ["neon-endpoints", "upstash-bridge", "dns-resolver", "worker"]) {
      const test = (service(name).healthcheck as { test?: string[] } | undefined)?.test ?? [];
      expect(test.slice(0, 2), name).toEqual(["CMD", "node"]);
      const [, binary = "", ...args] = test.map((part) => part.replaceAll("127.0.0.1", address(name)));
      const check = spawnSync(binary === "node" ? process.execPath : binary, args, {
        encoding: "utf8",
        timeout: 10_000,
      });
      expect(check.status, `${name}: ${check.stderr}`).toBe(0);
    }
  });

  it("creates a link through the Neon HTTP bridge and redirects it (302), caching it in Redis through the Upstash bridge", async () => {
    const destination = `https://example.com/compose-${randomBytes(4).toString("hex")}`;
    const created = await fetch(`${worker()}/urls`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ original_url: destination }),
      signal: timeout(10_000),
    });
    const link = (await created.json()) as { short_code: string };
    expect(created.status, JSON.stringify(link)).toBe(201);
    const redirect = await fetch(`${worker()}/${link.short_code}`, { redirect: "manual", signal: timeout(10_000) });
    await redirect.arrayBuffer();
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(destination);
    // The compose redis (not the machine's) holds the worker's cache entries (REDIS_KEY_PREFIX ls:).
    await waitFor("the worker's keys in the compose redis", async () =>
      redisCli(["--scan", "--pattern", "ls:*"]).trim() ? true : undefined,
    );
  });

  it("runs the CSV import's transaction through the WebSocket proxy, into the compose postgres", async () => {
    const code = `cmp${randomBytes(4).toString("hex")}`;
    const imported = await fetch(`${worker()}/urls/bulk`, {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: `short_code,original_url\n${code},https://example.com/compose-import\n`,
      signal: timeout(15_000),
    });
    const report = (await imported.json()) as { imported: number };
    expect(imported.status, JSON.stringify(report)).toBe(201);
    expect(report.imported).toBe(1);
    const client = new pg.Client({
      connectionString: service("migrate").environment.DATABASE_URL,
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    });
    await client.connect();
    try {
      const rows = await client.query("SELECT original_url FROM urls WHERE short_code = $1", [code]);
      expect(rows.rows).toEqual([{ original_url: "https://example.com/compose-import" }]);
    } finally {
      await client.end();
    }
  });

  it("refuses a health check of a name that resolves to a private address (the dns-resolver service)", async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.url ?? "");
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, address(PRIVATE_NAME), () => resolve()));
    try {
      const serverPort = (server.address() as { port: number }).port;
      const created = await fetch(`${worker()}/urls`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ original_url: `http://${PRIVATE_NAME}:${serverPort}/internal` }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      const checked = await fetch(`${worker()}/urls/${id}/health/check`, {
        method: "POST",
        signal: AbortSignal.timeout(20_000),
      });
      expect(checked.status).toBe(200);
      const { health } = (await checked.json()) as { health: { error: string | null } };
      // Without DNS_RESOLVER_URL the runtime fetched it: wrangler dev reaches private addresses.
      expect(health.error).toBe("refused_destination");
      expect(seen).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("runs the scheduled handler with the cron service's own curl command", () => {
    // The loop's one request (the loop itself waits for the next minute).
    const script = service("cron").entrypoint?.at(-1) ?? "";
    const request = /curl [^;]*?(?= \|\| true)/.exec(script)?.[0];
    expect(request, script).toBeDefined();
    const curl = spawnSync("sh", ["-c", `${request} -w '%{http_code}'`], { encoding: "utf8", timeout: 40_000 });
    expect(curl.stderr).toBe("");
    expect(curl.stdout).toBe("200");
  });

  it("Prometheus (compose entrypoint, prometheus.yml and rules) scrapes the worker with the token and knows Alertmanager", async () => {
    const unauthorised = await fetch(`${worker()}/prometheus`, { signal: timeout() });
    await unauthorised.arrayBuffer();
    expect(unauthorised.status).toBe(401);
    // Queried where Grafana's provisioned datasource points.
    const datasources = parse(
      readFileSync(`${ROOT}dashboards/grafana/provisioning/datasources/prometheus.yml`, "utf8"),
    ) as { datasources: { url: string }[] };
    const prometheusUrl = datasources.datasources[0]?.url ?? "";
    expect(prometheusUrl).toBe(`http://prometheus:${port("prometheus")}`);
    const query = async (expression: string) => {
      const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expression)}`, {
        signal: timeout(),
      });
      const body = (await response.json()) as { data: { result: { metric: Record<string, string> }[] } };
      return body.data.result;
    };
    const targets = async () =>
      (
        (await (await fetch(`${prometheusUrl}/api/v1/targets`, { signal: timeout() })).json()) as {
          data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] };
        }
      ).data.activeTargets;
    // The redirect of the first test, scraped (scrape_interval 15 s).
    const samples = await waitFor(
      "a scrape with the worker's redirect counter",
      async () => {
        const result = await query('linkscope_redirects_total{job="linkscope"}');
        return result.length ? result : undefined;
      },
      45_000,
    ).catch(async (error: unknown) => {
      const prometheus = running.find((child) => child.name === "prometheus");
      throw new Error(`${String(error)}; targets ${JSON.stringify(await targets())}; log ${prometheus?.log()}`);
    });
    expect(samples[0]?.metric.instance).toBe(`worker:${port("worker")}`);
    expect(await targets()).toEqual([
      expect.objectContaining({ scrapeUrl: `http://worker:${port("worker")}/prometheus`, health: "up" }),
    ]);
    const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`, { signal: timeout() })).json()) as {
      data: { groups: { rules: { name: string }[] }[] };
    };
    const names = rules.data.groups.flatMap((group) => group.rules.map((rule) => rule.name));
    expect(names).toEqual(expect.arrayContaining(["service_down", "high_error_rate"]));
    const alertmanagers = (await (
      await fetch(`${prometheusUrl}/api/v1/alertmanagers`, { signal: timeout() })
    ).json()) as { data: { activeAlertmanagers: { url: string }[] } };
    expect(alertmanagers.data.activeAlertmanagers.map((entry) => entry.url)).toEqual([
      `http://alertmanager:${port("alertmanager")}/api/v2/alerts`,
    ]);
  });

  it("an alert posted to Alertmanager (compose alertmanager.yml) arrives by email at mailpit:1025", async () => {
    const config = parse(readFileSync(`${ROOT}dashboards/alertmanager/alertmanager.yml`, "utf8")) as {
      global: { smtp_smarthost: string };
      receivers: { email_configs: { to: string }[] }[];
    };
    expect(config.global.smtp_smarthost).toBe("mailpit:1025");
    const recipient = config.receivers[0]?.email_configs[0]?.to ?? "";
    // group_wait is 30 s from the post; allow Alertmanager's own delay on top.
    const mail = await waitFor(
      "the alert email",
      async () =>
        sink?.messages.find((message) => message.to.includes(recipient) && message.subject.includes(ALERT_NAME)),
      Math.max(5_000, alertPostedAt + 75_000 - Date.now()),
    );
    expect(mail.subject).toBe(`[Linkscope FIRING] ${ALERT_NAME} (page)`);
  });

  it("Grafana's provisioning names the compose Prometheus and the generated dashboards at their mount", () => {
    const grafana = service("grafana");
    const mountOf = (target: string) =>
      grafana.volumes.map((volume) => volume.split(":")).find(([, container]) => container === target)?.[0];
    const provisioning = mountOf("/etc/grafana/provisioning");
    expect(provisioning).toBe("./dashboards/grafana/provisioning");
    const providers = parse(readFileSync(`${ROOT}${provisioning}/dashboards/linkscope.yml`, "utf8")) as {
      providers: { options: { path: string } }[];
    };
    const dashboardPath = providers.providers[0]?.options.path ?? "";
    const dashboards = mountOf(dashboardPath);
    expect(dashboards, `a volume mounted at ${dashboardPath}`).toBe("./dashboards/grafana/dashboards");
    // The home dashboard and every provisioned dashboard exist, and are the generated ones.
    const home = grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? "";
    expect(home.startsWith(`${dashboardPath}/`)).toBe(true);
    const homeFile = resolve(ROOT, dashboards ?? "", home.slice(dashboardPath.length + 1));
    expect(existsSync(homeFile), homeFile).toBe(true);
    const generated = renderGrafanaFiles();
    expect(Object.keys(generated).map((file) => resolve(ROOT, file))).toContain(homeFile);
    expect(readFileSync(homeFile, "utf8")).toBe(generated[DASHBOARD_FILE]);
    // Every panel's datasource is the provisioned one.
    const datasources = parse(readFileSync(`${ROOT}${provisioning}/datasources/prometheus.yml`, "utf8")) as {
      datasources: { uid: string; url: string }[];
    };
    const uid = datasources.datasources[0]?.uid;
    const uids = new Set(
      [...readFileSync(homeFile, "utf8").matchAll(/"datasource":\s*\{[^}]*"uid":\s*"([^"]+)"/g)].map((m) => m[1]),
    );
    expect([...uids]).toEqual([uid]);
    expect(grafana.depends_on?.prometheus?.condition).toBe("service_healthy");
  });
});
