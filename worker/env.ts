import { z } from "zod";
import { DEFAULT_REDIS_TIMEOUT_MS, ISOLATE_REDIRECT_TTL_MS } from "./cache/ttl";

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
  // Redis (Upstash REST). Both unset: no Redis tier, the service runs on Postgres alone.
  UPSTASH_REDIS_REST_URL: z.string().default(""),
  UPSTASH_REDIS_REST_TOKEN: z.string().default(""),
  REDIS_KEY_PREFIX: z.string().default("ls:"),
  REDIS_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_REDIS_TIMEOUT_MS),
  ISOLATE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(ISOLATE_REDIRECT_TTL_MS),
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
