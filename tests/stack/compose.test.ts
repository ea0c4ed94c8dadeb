// docker-compose.yml cannot run here (no Docker); Debian's docker-compose validates it offline,
// and the topology the README promises is checked on the resolved configuration. (It runs,
// natively, in compose-stack.test.ts, which reads the file with scripts/lib/stack/compose.ts: the
// last test here checks that reading against docker-compose's own.)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMPOSE_VARIABLES, loadComposeFile } from "../../scripts/lib/stack/compose.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: unknown;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
}

// Interpolation must work with nothing set: the stack starts without any configuration.
const unconfigured = () => {
  const env = { ...process.env };
  for (const name of COMPOSE_VARIABLES) {
    delete env[name];
  }
  return env;
};

function compose(args: string[]) {
  return spawnSync("docker-compose", args, { cwd: ROOT, encoding: "utf8", env: unconfigured(), timeout: 30_000 });
}

const NODE_SERVICES = ["node-modules", "migrate", "neon-endpoints", "upstash-bridge", "worker"];

describe("docker-compose.yml", () => {
  it("passes docker-compose config -q", () => {
    const result = compose(["config", "-q"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("has the whole topology, ordered by health, published on 127.0.0.1 only", () => {
    const config = parse(compose(["config"]).stdout) as { services: Record<string, Service> };
    const services = config.services;
    for (const name of ["postgres", "redis", ...NODE_SERVICES, "prometheus", "alertmanager", "grafana", "mailpit"]) {
      expect(services[name], name).toBeDefined();
    }
    expect(services.postgres?.image).toMatch(/^postgres:16/);
    expect(services.redis?.image).toMatch(/^redis:7/);
    // The project's own services share one Node image, new enough to run the .ts scripts as they are.
    const images = new Set(NODE_SERVICES.map((name) => services[name]?.image));
    expect(images.size).toBe(1);
    const version = /^node:(\d+)\.(\d+)(?:\.\d+)?-/.exec([...images][0] ?? "");
    expect(version, [...images][0]).not.toBeNull();
    const [major, minor] = [Number(version?.[1]), Number(version?.[2])];
    expect(major > 22 || (major === 22 && minor >= 18), `${major}.${minor} runs .ts scripts`).toBe(true);
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) expect(`${name} ${JSON.stringify(port)}`).toContain("127.0.0.1");
    }
    for (const name of [
      "postgres",
      "redis",
      "neon-endpoints",
      "upstash-bridge",
      "worker",
      "prometheus",
      "alertmanager",
      "grafana",
      "mailpit",
    ]) {
      expect(services[name]?.healthcheck, `${name} healthcheck`).toBeDefined();
    }
    expect(services.worker?.depends_on?.mailpit?.condition).toBe("service_healthy");
    expect(services.worker?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    expect(services.worker?.depends_on?.["neon-endpoints"]?.condition).toBe("service_healthy");
    expect(services.worker?.depends_on?.["upstash-bridge"]?.condition).toBe("service_healthy");
    for (const name of ["migrate", "neon-endpoints", "upstash-bridge"]) {
      expect(services[name]?.depends_on?.["node-modules"]?.condition).toBe("service_completed_successfully");
    }
    // One-shot services do not restart (a restarting one never completes).
    for (const name of ["node-modules", "migrate"]) expect(services[name]?.restart, name).toBeUndefined();
    expect(services.prometheus?.depends_on?.worker?.condition).toBe("service_healthy");
    expect(services.grafana?.depends_on?.prometheus?.condition).toBe("service_healthy");
  });

  it("points the worker at the endpoints its services serve (every query over HTTP, the import over WebSocket, Redis over REST)", () => {
    const config = parse(compose(["config"]).stdout) as { services: Record<string, Service> };
    const services = config.services;
    const script = services.worker?.command?.join(" ") ?? "";
    const neon = services["neon-endpoints"]?.environment ?? {};
    expect(services["neon-endpoints"]?.command).toEqual(["node", "scripts/compose-neon-endpoints.ts"]);
    expect(neon.NEON_ENDPOINTS_HOST).toBe("0.0.0.0");
    expect(script).toContain(`--var NEON_FETCH_ENDPOINT:http://neon-endpoints:${neon.NEON_HTTP_PORT}/sql`);
    expect(script).toContain(`--var NEON_WS_PROXY:neon-endpoints:${neon.NEON_WS_PORT}`);
    const upstash = services["upstash-bridge"]?.command ?? [];
    expect(upstash.slice(0, 2)).toEqual(["node", "scripts/upstash-bridge.ts"]);
    expect(upstash[upstash.indexOf("--host") + 1]).toBe("0.0.0.0");
    expect(script).toContain(
      `--var UPSTASH_REDIS_REST_URL:http://upstash-bridge:${upstash[upstash.indexOf("--port") + 1]}`,
    );
    expect(services.migrate?.command).toEqual(["node", "scripts/migrate.ts"]);
    // The same Postgres everywhere.
    const databaseUrl = services.worker?.environment?.DATABASE_URL;
    expect(databaseUrl).toMatch(/@postgres:5432\//);
    expect(services.migrate?.environment?.DATABASE_URL).toBe(databaseUrl);
    expect(neon.DATABASE_URL).toBe(databaseUrl);
  });

  it("has shell scripts that parse (sh -n), the one-shot npm ci among them", () => {
    const config = parse(compose(["config"]).stdout) as {
      services: Record<string, Service & { entrypoint?: string[] }>;
    };
    let scripts = 0;
    for (const [name, service] of Object.entries(config.services)) {
      for (const line of [service.command, service.entrypoint]) {
        if (line?.[0] !== "sh" || line[1] !== "-c") continue;
        scripts += 1;
        const script = (line[2] ?? "").replaceAll("$$", "$");
        const check = spawnSync("sh", ["-n", "-c", script], { encoding: "utf8", timeout: 10_000 });
        expect(check.status, `${name}: ${check.stderr}`).toBe(0);
      }
    }
    expect(scripts).toBeGreaterThanOrEqual(4);
    expect(config.services["node-modules"]?.command?.join(" ")).toContain("npm ci --no-audit --no-fund");
  });

  it("is read by the native stack test as docker-compose reads it", () => {
    const theirs = parse(compose(["config"]).stdout) as { services: Record<string, Service> };
    const ours = loadComposeFile(`${ROOT}docker-compose.yml`, unconfigured());
    // docker-compose config writes a literal $ back as $$.
    const literalDollars = (values: string[] | undefined) => values?.map((value) => value.replaceAll("$$", "$"));
    expect(Object.keys(ours.services).sort()).toEqual(Object.keys(theirs.services).sort());
    for (const [name, service] of Object.entries(theirs.services)) {
      const mine = ours.services[name];
      expect(mine?.image, name).toBe(service.image);
      expect(
        mine?.command?.map((part) => part.trim()),
        name,
      ).toEqual(literalDollars(service.command)?.map((part) => part.trim()));
      expect(mine?.environment, name).toEqual(
        Object.fromEntries(
          Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value).replaceAll("$$", "$")]),
        ),
      );
    }
  });
});
