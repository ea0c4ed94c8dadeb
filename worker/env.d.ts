// Secrets are not in wrangler.toml, so `wrangler types` cannot see them; declare them here.
interface Env {
  DATABASE_URL: string;
}
