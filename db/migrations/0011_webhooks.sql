CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" integer NOT NULL,
	"event_type" varchar(32) NOT NULL,
	"url_id" integer,
	"body" text NOT NULL,
	"state" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"attempt_log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"leased_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer,
	"url" varchar(2048) NOT NULL,
	"events" jsonb NOT NULL,
	"url_ids" jsonb,
	"click_classes" varchar(8) DEFAULT 'human' NOT NULL,
	"description" varchar(200),
	"state" varchar(16) DEFAULT 'active' NOT NULL,
	"disabled_reason" varchar(16),
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_success_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"failing_notified_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_id_created_at_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "webhooks_user_id_idx" ON "webhooks" USING btree ("user_id");--> statement-breakpoint
-- Webhook deliveries are written by the statement that writes what they describe, in its transaction:
-- a link's audit event (created, updated, deleted) and a batch of stored clicks each add one delivery per
-- matching active endpoint, so an event is never lost and never sent for a write that rolled back.
-- Statement-level triggers over the transition table: one INSERT per statement, whatever its rows.
CREATE OR REPLACE FUNCTION linkscope_json_or_null(text) RETURNS json
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN $1::json;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_iso(timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_link_event_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhooks WHERE state = 'active') THEN RETURN NULL; END IF;
  INSERT INTO webhook_deliveries (webhook_id, event_type, url_id, body)
  SELECT w.id, 'link.' || e.event_type, u.id,
         json_build_object(
           'type', 'link.' || e.event_type,
           'timestamp', linkscope_iso(e.timestamp),
           'data', json_build_object(
             'link', json_build_object(
               'id', u.id, 'short_code', u.short_code, 'original_url', u.original_url, 'title', u.title,
               'user_id', u.user_id, 'is_active', u.is_active,
               'created_at', linkscope_iso(u.created_at), 'updated_at', linkscope_iso(u.updated_at)),
             'changes', CASE WHEN e.event_type = 'updated' THEN linkscope_json_or_null(e.details) END)
         )::text
  FROM new_events e
  JOIN urls u ON u.id = e.url_id
  JOIN webhooks w ON w.user_id IS NOT DISTINCT FROM u.user_id
  WHERE e.event_type IN ('created', 'updated', 'deleted')
    AND w.state = 'active'
    AND w.events ? ('link.' || e.event_type)
    AND (w.url_ids IS NULL OR w.url_ids @> to_jsonb(u.id))
  ORDER BY e.id, w.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER events_webhook_deliveries AFTER INSERT ON events
REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION linkscope_link_event_webhooks();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_click_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhooks WHERE state = 'active' AND events ? 'link.clicked') THEN RETURN NULL; END IF;
  INSERT INTO webhook_deliveries (webhook_id, event_type, url_id, body)
  SELECT w.id, 'link.clicked', u.id,
         json_build_object(
           'type', 'link.clicked',
           'timestamp', linkscope_iso(c.clicked_at),
           'data', json_build_object(
             'click', json_build_object(
               'id', c.id, 'clicked_at', linkscope_iso(c.clicked_at), 'class', c.click_class,
               'device', c.device_class, 'country', c.country, 'referrer_host', c.referrer_host,
               'source', c.source, 'rule', c.rule_index, 'variant', c.variant_index, 'unique', c.is_unique),
             'link', json_build_object('id', u.id, 'short_code', u.short_code, 'original_url', u.original_url))
         )::text
  FROM new_clicks c
  JOIN urls u ON u.id = c.url_id
  JOIN webhooks w ON w.user_id IS NOT DISTINCT FROM u.user_id
  WHERE w.state = 'active'
    AND w.events ? 'link.clicked'
    AND (w.click_classes = 'all' OR c.click_class = 'human')
    AND (w.url_ids IS NULL OR w.url_ids @> to_jsonb(u.id))
  ORDER BY c.clicked_at, w.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER clicks_webhook_deliveries AFTER INSERT ON clicks
REFERENCING NEW TABLE AS new_clicks FOR EACH STATEMENT EXECUTE FUNCTION linkscope_click_webhooks();
