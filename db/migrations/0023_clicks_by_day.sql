-- Clicks partitioned by day on clicked_at (issue 32, ADR 25), written by hand: drizzle cannot say
-- PARTITION BY (db/schema/clicks.ts describes the parent). One partition per UTC day, clicks_pYYYYMMDD,
-- created ahead by the cron (linkscope_ensure_click_partitions) and dropped whole when older than
-- CLICK_RETENTION_DAYS (linkscope_drop_click_partitions); a DEFAULT partition takes a click of any day
-- without one (a clock off by more than a week, a test's click from months ago), so no click is ever
-- refused. The primary key holds the partition key: (id, clicked_at), both fixed by the redirect, so a
-- redelivered click still conflicts with itself.
--
-- The existing rows are copied in this transaction (ACCESS EXCLUSIVE on clicks throughout: the queue's
-- consumer waits and retries meanwhile; redirects never read clicks). Keys, index and foreign key are
-- built after the copy, once per partition, which is faster than maintaining them row by row.
ALTER TABLE "clicks" RENAME TO "clicks_legacy";--> statement-breakpoint
ALTER TABLE "clicks_legacy" DROP CONSTRAINT "clicks_pkey";--> statement-breakpoint
DROP INDEX "clicks_url_id_clicked_at_idx";--> statement-breakpoint
DROP INDEX "clicks_clicked_at_idx";--> statement-breakpoint
CREATE TABLE "clicks" (
	"id" uuid NOT NULL,
	"url_id" integer NOT NULL,
	"clicked_at" timestamp with time zone NOT NULL,
	"referrer_host" varchar(255),
	"country" varchar(8),
	"colo" varchar(8),
	"device_class" varchar(16) NOT NULL,
	"browser" varchar(16),
	"os" varchar(16),
	"click_class" varchar(16) NOT NULL,
	"rule_index" smallint,
	"variant_index" smallint,
	"source" varchar(16),
	"is_unique" boolean
) PARTITION BY RANGE ("clicked_at");
--> statement-breakpoint
CREATE TABLE "clicks_default" PARTITION OF "clicks" DEFAULT;
--> statement-breakpoint
-- Makes sure each UTC day from from_day to to_day has its partition; returns how many it created. A
-- day's clicks already in the default partition move into the new one (Postgres refuses to add a
-- partition while the default holds rows of its range): the day is built as a plain table, filled from
-- the default, then attached. Rows move by direct writes to partitions, so link.clicked (a trigger on
-- the parent) does not fire again for them.
CREATE OR REPLACE FUNCTION linkscope_ensure_click_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  day date;
  part text;
  low text;
  high text;
  created integer := 0;
BEGIN
  -- Two cron runs at once would both create the same day.
  PERFORM pg_advisory_xact_lock(hashtext('linkscope_click_partitions'));
  FOR day IN SELECT generate_series(from_day, to_day, interval '1 day')::date LOOP
    part := 'clicks_p' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(part) IS NOT NULL;
    low := to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00';
    high := to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00';
    EXECUTE format('CREATE TABLE %I (LIKE clicks)', part);
    EXECUTE format(
      'WITH moved AS (DELETE FROM clicks_default WHERE clicked_at >= %L AND clicked_at < %L RETURNING *) '
      'INSERT INTO %I SELECT * FROM moved', low, high, part);
    EXECUTE format('ALTER TABLE clicks ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, low, high);
    created := created + 1;
  END LOOP;
  RETURN created;
END $$;
--> statement-breakpoint
-- Drops the day partitions wholly before before_day, clicks and all; returns how many it dropped. The
-- default partition's old rows are deleted by the cron in bounded batches instead.
CREATE OR REPLACE FUNCTION linkscope_drop_click_partitions(before_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  part text;
  dropped integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('linkscope_click_partitions'));
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_p[0-9]{8}$'
      AND to_date(substr(c.relname, 9), 'YYYYMMDD') < before_day
    ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %I', part);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END $$;
--> statement-breakpoint
SELECT linkscope_ensure_click_partitions(
  coalesce((SELECT min(clicked_at) FROM clicks_legacy) AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')::date,
  (now() AT TIME ZONE 'UTC')::date + 7);
--> statement-breakpoint
INSERT INTO "clicks" (id, url_id, clicked_at, referrer_host, country, colo, device_class, browser, os, click_class,
                      rule_index, variant_index, source, is_unique)
SELECT id, url_id, clicked_at, referrer_host, country, colo, device_class, browser, os, click_class,
       rule_index, variant_index, source, is_unique
FROM clicks_legacy;
--> statement-breakpoint
DO $$
DECLARE
  legacy bigint;
  copied bigint;
BEGIN
  SELECT count(*) INTO legacy FROM clicks_legacy;
  SELECT count(*) INTO copied FROM clicks;
  IF legacy <> copied THEN
    RAISE EXCEPTION 'clicks_by_day: clicks_legacy has % rows but % were copied', legacy, copied;
  END IF;
END $$;
--> statement-breakpoint
DROP TABLE "clicks_legacy";--> statement-breakpoint
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_id_clicked_at_pk" PRIMARY KEY("id","clicked_at");--> statement-breakpoint
CREATE INDEX "clicks_url_id_clicked_at_idx" ON "clicks" USING btree ("url_id","clicked_at");--> statement-breakpoint
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- As in 0011: one statement's new clicks, as one transition table (a statement-level trigger on a
-- partitioned table sees the rows routed to every partition; the function is 0022's, unchanged).
CREATE TRIGGER clicks_webhook_deliveries AFTER INSERT ON clicks
REFERENCING NEW TABLE AS new_clicks FOR EACH STATEMENT EXECUTE FUNCTION linkscope_click_webhooks();
--> statement-breakpoint
ANALYZE clicks;
