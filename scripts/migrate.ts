// npm run db:migrate: applies db/migrations to DATABASE_URL.
import { applyMigrations } from "./lib/migrate.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set (for the embedded dev database, `npm run dev` migrates on start)");
  process.exit(2);
}
await applyMigrations(databaseUrl);
console.log("migrations applied");
