// The configuration of a request: parsed from `env` by the one schema (worker/config/settings.ts), once
// per `env` object (the runtime hands every request of an isolate the same one). A missing or
// malformed setting is a MisconfiguredError: 500 "server misconfigured: <VAR> ...", logged with the
// variable's name, never its value.
import { AppError } from "../lib/errors";
import { log } from "../observability/logger";
import { type Config, ConfigSchema } from "./settings";

export type { Config } from "./settings";

export class MisconfiguredError extends AppError {
  constructor(
    readonly variables: string[],
    problems: string,
  ) {
    super("INTERNAL", `server misconfigured: ${problems}`);
    this.name = "MisconfiguredError";
  }
}

const configs = new WeakMap<object, Config>();

/** The configuration of this env (parsed on first use); throws MisconfiguredError. */
export function readConfig(env: Env): Config {
  const cached = configs.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    // zod's messages name the expected shape, never the value received.
    const issues = parsed.error.issues;
    throw new MisconfiguredError(
      issues.map((issue) => issue.path.join(".")),
      issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
    );
  }
  configs.set(env, parsed.data);
  if (parsed.data.destinationPolicy.allowPrivate) {
    // Loud, once per configuration: a deployment must never run like this.
    log("warn", "private_destinations_allowed", {
      message:
        "ALLOW_PRIVATE_DESTINATIONS=true: links and checks may reach loopback and private addresses (local testing only)",
    });
  }
  return parsed.data;
}

/** The configuration, or undefined when it is broken (for paths that must fall back, not throw). */
export function configOrUndefined(env: Env): Config | undefined {
  try {
    return readConfig(env);
  } catch {
    return undefined;
  }
}
