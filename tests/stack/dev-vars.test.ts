// `npm run dev` hands the worker every setting the configuration declares, taken from its own
// environment (issue 12: RATE_LIMITS could not be changed locally), and nothing else.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { varsFromEnvironment } from "../../scripts/lib/wrangler-dev.ts";
import { CONFIG_VARIABLES } from "../../worker/config/settings.ts";

describe("npm run dev's pass-through", () => {
  it("passes every declared setting that is set, but the local endpoints the dev server owns", () => {
    const environment = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name, `value-of-${name}`]));
    const passed = varsFromEnvironment({ ...environment, UNRELATED: "x", PATH: "/usr/bin", TZ: "UTC" });
    const owned = new Set(["NEON_WS_PROXY", "NEON_FETCH_ENDPOINT"]);
    expect(Object.keys(passed).sort()).toEqual(CONFIG_VARIABLES.filter((name) => !owned.has(name)).sort());
    expect(passed.RATE_LIMITS).toBe("value-of-RATE_LIMITS");
  });

  it("leaves out what is unset or empty", () => {
    expect(varsFromEnvironment({ RATE_LIMITS: "off", METRICS_TOKEN: "" })).toEqual({ RATE_LIMITS: "off" });
  });
});

describe(".dev.vars.example", () => {
  it("documents every variable the configuration declares", () => {
    const example = readFileSync(fileURLToPath(new URL("../../.dev.vars.example", import.meta.url)), "utf8");
    const documented = new Set([...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
