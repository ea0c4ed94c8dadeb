-- Trigram search for GET /urls?q= (pg_trgm ships with Postgres and Neon; PGlite loads it in npm run dev).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "urls_search_trgm_idx" ON "urls" USING gin ((short_code || ' ' || original_url || ' ' || coalesce(title, '')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "urls_created_at_id_idx" ON "urls" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "urls_clicks_used_id_idx" ON "urls" USING btree ("clicks_used","id");--> statement-breakpoint
CREATE INDEX "urls_title_id_idx" ON "urls" USING btree (coalesce("title", ''),"id");