CREATE TABLE "tags" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer,
	"name" varchar(50) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "url_tags" (
	"url_id" integer NOT NULL,
	"tag_id" integer NOT NULL,
	CONSTRAINT "url_tags_url_id_tag_id_pk" PRIMARY KEY("url_id","tag_id")
);
--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "url_tags" ADD CONSTRAINT "url_tags_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "url_tags" ADD CONSTRAINT "url_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tags_owner_name_unique" ON "tags" USING btree (coalesce("user_id", 0),lower("name"));--> statement-breakpoint
CREATE INDEX "url_tags_tag_id_url_id_idx" ON "url_tags" USING btree ("tag_id","url_id");--> statement-breakpoint
-- A link's tag names, as GET /urls/{id} answers them (worker/services/tags/tag-names.ts writes the same).
CREATE OR REPLACE FUNCTION linkscope_tag_names(link_id integer) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT coalesce(json_agg(t.name ORDER BY lower(t.name), t.name), '[]'::json)
  FROM url_tags ut JOIN tags t ON t.id = ut.tag_id
  WHERE ut.url_id = link_id
$$;
--> statement-breakpoint
-- Webhook payloads carry the link's tags too.
CREATE OR REPLACE FUNCTION linkscope_link_json(u urls) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', u.id, 'short_code', u.short_code, 'original_url', u.original_url, 'title', u.title,
    'user_id', u.user_id, 'is_active', u.is_active, 'expires_at', linkscope_iso(u.expires_at),
    'max_clicks', u.max_clicks, 'clicks_used', u.clicks_used,
    'created_at', linkscope_iso(u.created_at), 'updated_at', linkscope_iso(u.updated_at),
    'tags', linkscope_tag_names(u.id))
$$;
