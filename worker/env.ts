import { z } from "zod";

// Wrangler passes every var as a string; parse them once into typed config.
const ConfigSchema = z.object({
  APP_VERSION: z.string().default("dev"),
  DATABASE_URL: z.string().default(""),
  NEON_WS_PROXY: z.string().default(""),
  MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
});

export type Config = z.infer<typeof ConfigSchema>;

const cache = new WeakMap<Env, Config>();

export function readConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
