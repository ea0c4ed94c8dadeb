// Secrets are not in wrangler.toml, so `wrangler types` cannot see them; declare them here.
// (Named bindings.d.ts: a file beside env.ts called env.d.ts would be ignored by tsc.)
interface Env {
  DATABASE_URL: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
}

declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    UPSTASH_REDIS_REST_URL?: string;
    UPSTASH_REDIS_REST_TOKEN?: string;
  }
  interface GlobalProps {
    mainModule: typeof import("./index");
  }
}
