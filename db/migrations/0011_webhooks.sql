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
CREATE TABLE "webhook_expiry_cursor" (
	"id" smallint PRIMARY KEY NOT NULL,
	"scanned_until" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_expiry_cursor_one_row" CHECK ("webhook_expiry_cursor"."id" = 1)
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
CREATE INDEX "webhook_deliveries_finished_at_idx" ON "webhook_deliveries" USING btree ("finished_at") WHERE "webhook_deliveries"."finished_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "webhooks_user_id_idx" ON "webhooks" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "urls_expires_at_idx" ON "urls" USING btree ("expires_at") WHERE "urls"."expires_at" IS NOT NULL;--> statement-breakpoint
-- Webhook deliveries are written by the statement that writes what they describe, in its transaction:
-- a link's audit event (created, updated, deleted), a batch of stored clicks, a health state or an
-- anomaly alert changing, clicks_used reaching max_clicks each add one delivery per matching active
-- endpoint (the link owner's, every link or the filter's), so an event is never lost and never sent for
-- a write that rolled back. Expiry, which no write causes, is found by the cron (webhook_expiry_cursor).
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
-- What every link event says of its link (never a password or its hash).
CREATE OR REPLACE FUNCTION linkscope_link_json(u urls) RETURNS json
LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'id', u.id, 'short_code', u.short_code, 'original_url', u.original_url, 'title', u.title,
    'user_id', u.user_id, 'is_active', u.is_active, 'expires_at', linkscope_iso(u.expires_at),
    'max_clicks', u.max_clicks, 'clicks_used', u.clicks_used,
    'created_at', linkscope_iso(u.created_at), 'updated_at', linkscope_iso(u.updated_at))
$$;
--> statement-breakpoint
-- One link's event to every matching endpoint: {"type", "timestamp", "data": {"link": ..., ...extra}}.
CREATE OR REPLACE FUNCTION linkscope_enqueue_link_event(u urls, event_type text, extra jsonb, at timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, event_type, url_id, body)
  SELECT w.id, event_type, u.id,
         json_build_object(
           'type', event_type,
           'timestamp', linkscope_iso(at),
           'data', jsonb_build_object('link', linkscope_link_json(u)) || COALESCE(extra, '{}'::jsonb)
         )::text
  FROM webhooks w
  WHERE w.user_id IS NOT DISTINCT FROM u.user_id
    AND w.state = 'active'
    AND w.events ? event_type
    AND (w.url_ids IS NULL OR w.url_ids @> to_jsonb(u.id))
  ORDER BY w.id;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_link_event_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhooks WHERE state = 'active') THEN RETURN NULL; END IF;
  PERFORM linkscope_enqueue_link_event(
            u, 'link.' || e.event_type,
            CASE WHEN e.event_type = 'updated' THEN jsonb_build_object('changes', linkscope_json_or_null(e.details)) END,
            e.timestamp)
  FROM new_events e JOIN urls u ON u.id = e.url_id
  WHERE e.event_type IN ('created', 'updated', 'deleted')
  ORDER BY e.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER events_webhook_deliveries AFTER INSERT ON events
REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION linkscope_link_event_webhooks();
--> statement-breakpoint
-- Clicks come in batches: one INSERT for the whole batch (only rows really inserted: a redelivered
-- batch adds nothing), people's clicks only unless the endpoint asks for every class.
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
--> statement-breakpoint
-- A check moved the link to another health state (a reset to unknown by a new destination is not news).
CREATE OR REPLACE FUNCTION linkscope_health_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM linkscope_enqueue_link_event(NEW, 'link.health_changed',
    jsonb_build_object('health', jsonb_build_object(
      'from', OLD.health_state, 'to', NEW.health_state, 'status', NEW.health_status, 'error', NEW.health_error,
      'final_url', NEW.health_final_url, 'checked_at', linkscope_iso(NEW.health_checked_at))),
    now());
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER urls_health_webhook_deliveries AFTER UPDATE OF health_state ON urls
FOR EACH ROW WHEN (OLD.health_state IS DISTINCT FROM NEW.health_state AND NEW.health_state <> 'unknown')
EXECUTE FUNCTION linkscope_health_webhooks();
--> statement-breakpoint
-- The click that used up a capped link's last click was stored.
CREATE OR REPLACE FUNCTION linkscope_exhausted_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM linkscope_enqueue_link_event(NEW, 'link.exhausted', NULL, now());
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER urls_exhausted_webhook_deliveries AFTER UPDATE OF clicks_used ON urls
FOR EACH ROW WHEN (NEW.max_clicks IS NOT NULL AND OLD.clicks_used < NEW.max_clicks AND NEW.clicks_used >= NEW.max_clicks)
EXECUTE FUNCTION linkscope_exhausted_webhooks();
--> statement-breakpoint
-- A per-link anomaly alert started firing or resolved.
CREATE OR REPLACE FUNCTION linkscope_anomaly_webhooks() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  link urls;
BEGIN
  IF NEW.state NOT IN ('firing', 'resolved') OR (TG_OP = 'UPDATE' AND OLD.state IS NOT DISTINCT FROM NEW.state) THEN
    RETURN NULL;
  END IF;
  SELECT * INTO link FROM urls WHERE id = NEW.url_id;
  IF FOUND THEN
    PERFORM linkscope_enqueue_link_event(link, 'link.anomaly',
      jsonb_build_object('anomaly', jsonb_build_object(
        'kind', NEW.kind, 'state', NEW.state, 'since', linkscope_iso(NEW.since), 'value', NEW.value,
        'threshold', NEW.threshold, 'detail', NEW.detail)),
      now());
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER link_anomalies_webhook_deliveries AFTER INSERT OR UPDATE OF state ON link_anomalies
FOR EACH ROW EXECUTE FUNCTION linkscope_anomaly_webhooks();
--> statement-breakpoint
INSERT INTO webhook_expiry_cursor (id, scanned_until) VALUES (1, now());
