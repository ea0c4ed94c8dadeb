// docker-compose.yml cannot run here (no Docker); Debian's docker-compose validates it offline,
// and the topology the README promises is checked on the resolved configuration.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Service {
  image: string;
  ports?: string[];
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
}

function compose(args: string[]) {
  // Interpolation must work with nothing set: the stack starts without any configuration.
  const env = { ...process.env };
  for (const name of ["METRICS_TOKEN", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "UPSTASH_REDIS_REST_TOKEN"]) {
    delete env[name];
  }
  return spawnSync("docker-compose", args, { cwd: ROOT, encoding: "utf8", env });
}

describe("docker-compose.yml", () => {
  it("passes docker-compose config -q", () => {
    const result = compose(["config", "-q"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("has the whole topology, ordered by health, published on 127.0.0.1 only", () => {
    const config = parse(compose(["config"]).stdout) as { services: Record<string, Service> };
    const services = config.services;
    for (const name of [
      "postgres",
      "redis",
      "redis-http",
      "neon-proxy",
      "worker",
      "prometheus",
      "alertmanager",
      "grafana",
      "mailpit",
    ]) {
      expect(services[name], name).toBeDefined();
    }
    expect(services.postgres?.image).toMatch(/^postgres:16/);
    expect(services.redis?.image).toMatch(/^redis:7/);
    expect(services["redis-http"]?.image).toContain("serverless-redis-http");
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) expect(`${name} ${JSON.stringify(port)}`).toContain("127.0.0.1");
    }
    for (const name of ["postgres", "redis", "worker", "prometheus", "alertmanager", "grafana", "mailpit"]) {
      expect(services[name]?.healthcheck, `${name} healthcheck`).toBeDefined();
    }
    expect(services.worker?.depends_on?.mailpit?.condition).toBe("service_healthy");
    expect(services.prometheus?.depends_on?.worker?.condition).toBe("service_healthy");
    expect(services.grafana?.depends_on?.prometheus?.condition).toBe("service_healthy");
  });
});
