// docker-compose.yml without Docker, for tests/stack/compose-stack.test.ts: the file read as compose
// reads it (YAML merge keys, ${VAR:-default} interpolation, $$ for a literal $), each service's
// volumes mapped onto this machine, its compose host name given a loopback address of its own in
// /etc/hosts (root only), and its native equivalent started as a process group of its own.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parse } from "yaml";

/** The variables docker-compose.yml reads: the stack must start with none of them set. */
export const COMPOSE_VARIABLES = [
  "METRICS_TOKEN",
  "POSTGRES_PASSWORD",
  "GRAFANA_ADMIN_PASSWORD",
  "UPSTASH_REDIS_REST_TOKEN",
  "REQUIRE_API_KEYS",
  "ADMIN_API_KEY",
];

export interface ComposeService {
  image: string;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  volumes: string[];
  ports: string[];
  depends_on?: Record<string, { condition: string }>;
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose's interpolation of one string: $$ is a literal $, ${A:-d} / ${A-d} / ${A} / $A. */
export function interpolate(text: string, environment: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (match, braced?: string, operator?: string, fallback?: string, bare?: string) => {
    if (match === "$$") return "$";
    const name = braced ?? bare ?? "";
    const value = environment[name];
    if (operator === ":-") return value ? value : (fallback ?? "");
    if (operator === "-") return value ?? fallback ?? "";
    if (operator === ":?" || operator === "?") {
      if (value === undefined || (operator === ":?" && value === "")) throw new Error(`${name}: ${fallback}`);
    }
    return value ?? "";
  });
}

function interpolateAll(value: unknown, environment: Record<string, string | undefined>): unknown {
  if (typeof value === "string") return interpolate(value, environment);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, environment));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateAll(item, environment)]));
  }
  return value;
}

/** Reads a compose file as `docker compose` would with `environment` as the shell's environment. */
export function loadComposeFile(path: string, environment: Record<string, string | undefined>): ComposeFile {
  const raw = parse(readFileSync(path, "utf8"), { merge: true }) as { services: Record<string, unknown> };
  const services: Record<string, ComposeService> = {};
  for (const [name, definition] of Object.entries(raw.services)) {
    const service = interpolateAll(definition, environment) as Record<string, unknown>;
    const env = service.environment;
    const environmentMap: Record<string, string> = Array.isArray(env)
      ? Object.fromEntries(
          (env as string[]).map((entry) => [entry.split("=")[0] ?? "", entry.slice(entry.indexOf("=") + 1)]),
        )
      : Object.fromEntries(Object.entries((env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const list = (value: unknown) =>
      value === undefined ? undefined : Array.isArray(value) ? value.map(String) : [String(value)];
    services[name] = {
      ...service,
      image: String(service.image),
      command: list(service.command),
      entrypoint: list(service.entrypoint),
      environment: environmentMap,
      volumes: (service.volumes as string[] | undefined) ?? [],
      ports: ((service.ports as unknown[] | undefined) ?? []).map(String),
    } as ComposeService;
  }
  return { services };
}

/** The container ports a service publishes ("127.0.0.1:HOST:CONTAINER" mappings). */
export function containerPorts(service: ComposeService): number[] {
  return service.ports.map((mapping) => Number(mapping.split(":").at(-1)?.split("/")[0]));
}

export interface Mount {
  container: string;
  host: string;
}

/**
 * Where a service's paths are on this machine: bind mounts are the checkout's files (a mounted file
 * is copied with the container paths of files in it rewritten, so a config naming /etc/x/rules
 * finds them),
 * named volumes and the container's private /tmp are directories under `stateDir`. `extra` comes
 * first (say, a persist directory inside a bind mount that a test must not share).
 */
export function mountsOf(
  service: ComposeService,
  options: { projectDir: string; stateDir: string; extra?: Mount[] },
): Mount[] {
  const mounts: Mount[] = [...(options.extra ?? [])];
  const files: { source: string; mount: Mount }[] = [];
  const named = new Set<Mount>();
  for (const volume of service.volumes) {
    const [source = "", target = ""] = volume.split(":");
    if (source.startsWith(".") || isAbsolute(source)) {
      const hostPath = resolve(options.projectDir, source);
      if (statSync(hostPath).isFile()) {
        const mount = { container: target, host: `${options.stateDir}/files${target}` };
        files.push({ source: hostPath, mount });
        mounts.push(mount);
      } else mounts.push({ container: target, host: hostPath });
    } else {
      const mount = { container: target, host: `${options.stateDir}/volumes/${source}` };
      mkdirSync(mount.host, { recursive: true });
      mounts.push(mount);
      named.add(mount);
    }
  }
  const tmp = `${options.stateDir}/tmp`;
  mkdirSync(tmp, { recursive: true });
  mounts.push({ container: "/tmp", host: tmp });
  // In a mounted file only the paths of files (bind mounts, /tmp) are rewritten: a named volume's
  // data directory is named on command lines, and its path (Prometheus' /prometheus) may also be
  // a URL path in a config (metrics_path: /prometheus).
  const fileMounts = mounts.filter((mount) => !named.has(mount));
  for (const { source, mount } of files) {
    mkdirSync(dirname(mount.host), { recursive: true });
    writeFileSync(mount.host, rewritePaths(readFileSync(source, "utf8"), fileMounts));
  }
  return mounts;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces every container path under a mount with its path here, in one pass (longest mount
 * first); a path counts only where one starts (after a space, =, a quote, a bracket or a comma).
 */
export function rewritePaths(text: string, mounts: Mount[]): string {
  const ordered = [...mounts].sort((a, b) => b.container.length - a.container.length);
  const pattern = new RegExp(
    `(?<=^|[\\s='"\\[,])(${ordered.map((mount) => escapeRegExp(mount.container)).join("|")})(?=$|[/\\s'"\\],:])`,
    "gm",
  );
  return text.replace(pattern, (match) => ordered.find((mount) => mount.container === match)?.host ?? match);
}

/** Gives each name a loopback address of its own in /etc/hosts; remove() takes out exactly those lines. */
export function addHosts(
  names: string[],
  options: { hostsFile?: string; tag: string },
): { addresses: Record<string, string>; remove(): void } {
  const hostsFile = options.hostsFile ?? "/etc/hosts";
  const marker = `# ${options.tag} pid=${process.pid}`;
  // Lines a crashed earlier run left (its process is gone) go too.
  const stale = new RegExp(`# ${escapeRegExp(options.tag)} pid=(\\d+)$`);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const kept = readFileSync(hostsFile, "utf8")
    .split("\n")
    .filter((line) => {
      const match = stale.exec(line);
      return !match || alive(Number(match[1]));
    });
  // A /24 of 127/8 of this run's own, away from 127.0.0.1 and 127.0.1.1 (Debian's hostname line).
  const block = `127.${(process.pid % 200) + 40}.${1 + Math.floor(Math.random() * 250)}`;
  const addresses = Object.fromEntries(names.map((name, index) => [name, `${block}.${index + 2}`]));
  const added = names.map((name) => `${addresses[name]} ${name} ${marker}`);
  const body = kept.join("\n").replace(/\n*$/, "\n");
  writeFileSync(hostsFile, `${body}${added.join("\n")}\n`);
  return {
    addresses,
    remove() {
      const lines = readFileSync(hostsFile, "utf8").split("\n");
      writeFileSync(hostsFile, lines.filter((line) => !added.includes(line)).join("\n"));
    },
  };
}

export interface NativeProcess {
  name: string;
  child: ChildProcess;
  /** What it printed so far (the end of it). */
  log(): string;
  /** Resolves when it has exited (`signal`, SIGTERM by default, to its process group; SIGKILL after `graceMs`). */
  stop(graceMs?: number, signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a command in a process group of its own, its output into `logFile`. */
export function startNative(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; uid?: number; gid?: number },
): NativeProcess {
  const output = openSync(options.logFile, "a");
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", output, output],
    detached: true,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  child.on("error", () => {}); // seen as an exit code by the waits
  const exited = new Promise<void>((resolveExit) => {
    if (child.exitCode !== null) resolveExit();
    child.once("exit", () => resolveExit());
    child.once("error", () => resolveExit());
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone
    }
  };
  return {
    name,
    child,
    log: () => {
      try {
        return readFileSync(options.logFile, "utf8").slice(-3000);
      } catch {
        return "";
      }
    },
    async stop(graceMs = 5_000, signal: NodeJS.Signals = "SIGTERM") {
      signalGroup(signal);
      const timer = new Promise<"late">((resolveLate) => setTimeout(() => resolveLate("late"), graceMs).unref());
      if ((await Promise.race([exited, timer])) === "late") signalGroup("SIGKILL");
      // Children of the group that outlive its leader (workerd under wrangler) get the same end.
      signalGroup("SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
  };
}

/** uid and gid of a local user (Postgres refuses to run as root). */
export function userIds(user: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync("id", ["-u", user], { encoding: "utf8", timeout: 5_000 });
  const gid = spawnSync("id", ["-g", user], { encoding: "utf8", timeout: 5_000 });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
