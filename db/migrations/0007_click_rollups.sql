CREATE TABLE "click_rollups_daily" (
	"url_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"dimension" varchar(16) NOT NULL,
	"key" varchar(255) NOT NULL,
	"clicks" integer NOT NULL,
	CONSTRAINT "click_rollups_daily_url_id_dimension_bucket_key_pk" PRIMARY KEY("url_id","dimension","bucket","key")
);
--> statement-breakpoint
CREATE TABLE "click_rollups_hourly" (
	"url_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"dimension" varchar(16) NOT NULL,
	"key" varchar(255) NOT NULL,
	"clicks" integer NOT NULL,
	CONSTRAINT "click_rollups_hourly_url_id_dimension_bucket_key_pk" PRIMARY KEY("url_id","dimension","bucket","key")
);
--> statement-breakpoint
CREATE TABLE "click_totals" (
	"url_id" integer NOT NULL,
	"dimension" varchar(16) NOT NULL,
	"key" varchar(255) NOT NULL,
	"clicks" integer NOT NULL,
	CONSTRAINT "click_totals_url_id_dimension_key_pk" PRIMARY KEY("url_id","dimension","key")
);
--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "is_unique" boolean;--> statement-breakpoint
ALTER TABLE "click_rollups_daily" ADD CONSTRAINT "click_rollups_daily_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "click_rollups_hourly" ADD CONSTRAINT "click_rollups_hourly_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "click_totals" ADD CONSTRAINT "click_totals_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clicks_clicked_at_idx" ON "clicks" USING btree ("clicked_at");--> statement-breakpoint
-- Clicks stored before the rollups existed are rolled up once, by the consumer's own SQL.
WITH inserted AS (SELECT url_id, clicked_at, click_class, is_unique, country, device_class, referrer_host, source, rule_index, variant_index FROM clicks), rollup_facts AS (
    SELECT inserted.url_id, inserted.clicked_at, fact.dimension, fact.key
    FROM inserted
    CROSS JOIN LATERAL (VALUES
      ('class', inserted.click_class),
      ('unique', CASE WHEN inserted.is_unique THEN '' END),
      ('country', coalesce(inserted.country, '')),
      ('device', inserted.device_class),
      ('referrer', coalesce(inserted.referrer_host, '')),
      ('source', coalesce(inserted.source, '')),
      ('rule', coalesce(inserted.rule_index::text, '')),
      ('variant', CASE WHEN inserted.variant_index IS NOT NULL
                       THEN coalesce(inserted.rule_index::text, '') || ':' || inserted.variant_index END)
    ) AS fact (dimension, key)
    WHERE fact.key IS NOT NULL
  ),
  click_rollups_hourly_added AS (
    INSERT INTO click_rollups_hourly AS rollup (url_id, bucket, dimension, key, clicks)
    SELECT url_id, date_trunc('hour', clicked_at, 'UTC'), dimension, key, count(*)::int
    FROM rollup_facts
    GROUP BY 1, 2, 3, 4
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY 1, 3, 2, 4
    ON CONFLICT (url_id, dimension, bucket, key) DO UPDATE SET clicks = rollup.clicks + excluded.clicks
  ),
  click_rollups_daily_added AS (
    INSERT INTO click_rollups_daily AS rollup (url_id, bucket, dimension, key, clicks)
    SELECT url_id, date_trunc('day', clicked_at, 'UTC'), dimension, key, count(*)::int
    FROM rollup_facts
    GROUP BY 1, 2, 3, 4
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY 1, 3, 2, 4
    ON CONFLICT (url_id, dimension, bucket, key) DO UPDATE SET clicks = rollup.clicks + excluded.clicks
  ),
  click_totals_added AS (
    INSERT INTO click_totals AS total (url_id, dimension, key, clicks)
    SELECT url_id, dimension, key, count(*)::int FROM rollup_facts GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (url_id, dimension, key) DO UPDATE SET clicks = total.clicks + excluded.clicks
  )
SELECT 1;