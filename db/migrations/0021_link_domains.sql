-- A link's identity becomes (domain, code) (issue 30). The new unique index is built before the old
-- constraint goes, so codes are never without one. (On a large production table, build the index
-- CONCURRENTLY by hand first: this then finds it by name and the CREATE is the only slow step.)
ALTER TABLE "domains" ADD CONSTRAINT "domains_id_workspace_unique" UNIQUE("id","workspace_id");--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "domain_id" integer;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "urls_domain_code_unique" ON "urls" USING btree (coalesce("domain_id", 0),"short_code");--> statement-breakpoint
ALTER TABLE "urls" DROP CONSTRAINT "urls_short_code_unique";--> statement-breakpoint
ALTER TABLE "urls" ADD CONSTRAINT "urls_domain_workspace_fk" FOREIGN KEY ("domain_id","workspace_id") REFERENCES "public"."domains"("id","workspace_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "urls_domain_id_idx" ON "urls" USING btree ("domain_id") WHERE "urls"."domain_id" IS NOT NULL;
--> statement-breakpoint
-- A webhook's link names its domain too (null: the service's own hosts), as Url does.
CREATE OR REPLACE FUNCTION linkscope_link_json(u urls) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', u.id, 'short_code', u.short_code, 'original_url', u.original_url, 'title', u.title,
    'user_id', u.user_id, 'workspace_id', u.workspace_id, 'is_active', u.is_active,
    'domain', (SELECT d.hostname FROM domains d WHERE d.id = u.domain_id),
    'expires_at', linkscope_iso(u.expires_at), 'max_clicks', u.max_clicks, 'clicks_used', u.clicks_used,
    'created_at', linkscope_iso(u.created_at), 'updated_at', linkscope_iso(u.updated_at),
    'tags', linkscope_tag_names(u.id))
$$;
