CREATE TABLE "click_rollups_daily" (
	"url_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"clicks" integer NOT NULL,
	"human" integer NOT NULL,
	"bot" integer NOT NULL,
	"preview" integer NOT NULL,
	"head" integer NOT NULL,
	"prefetch" integer NOT NULL,
	"unique" integer NOT NULL,
	"breakdowns" jsonb NOT NULL,
	CONSTRAINT "click_rollups_daily_url_id_bucket_pk" PRIMARY KEY("url_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "click_rollups_hourly" (
	"url_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"clicks" integer NOT NULL,
	"human" integer NOT NULL,
	"bot" integer NOT NULL,
	"preview" integer NOT NULL,
	"head" integer NOT NULL,
	"prefetch" integer NOT NULL,
	"unique" integer NOT NULL,
	"breakdowns" jsonb NOT NULL,
	CONSTRAINT "click_rollups_hourly_url_id_bucket_pk" PRIMARY KEY("url_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "click_totals" (
	"url_id" integer PRIMARY KEY NOT NULL,
	"clicks" integer NOT NULL,
	"human" integer NOT NULL,
	"bot" integer NOT NULL,
	"preview" integer NOT NULL,
	"head" integer NOT NULL,
	"prefetch" integer NOT NULL,
	"unique" integer NOT NULL,
	"breakdowns" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "is_unique" boolean;--> statement-breakpoint
ALTER TABLE "click_rollups_daily" ADD CONSTRAINT "click_rollups_daily_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "click_rollups_hourly" ADD CONSTRAINT "click_rollups_hourly_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "click_totals" ADD CONSTRAINT "click_totals_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clicks_clicked_at_idx" ON "clicks" USING btree ("clicked_at");--> statement-breakpoint
CREATE OR REPLACE FUNCTION linkscope_add_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(dimension, counts), '{}'::jsonb)
  FROM (
    SELECT dimension, jsonb_object_agg(key, clicks) AS counts
    FROM (
      SELECT side.key AS dimension, value.key AS key, sum(value.value::int) AS clicks
      FROM (SELECT * FROM jsonb_each(a) UNION ALL SELECT * FROM jsonb_each(b)) AS side,
           jsonb_each_text(side.value) AS value
      GROUP BY 1, 2
    ) AS summed
    GROUP BY dimension
  ) AS merged
$$;--> statement-breakpoint
-- Clicks stored before the rollups existed are rolled up once, by the consumer's own SQL.
WITH inserted AS (SELECT url_id, clicked_at, click_class, is_unique, country, device_class, referrer_host, source, rule_index, variant_index FROM clicks), rollup_facts AS (
    SELECT inserted.url_id, inserted.clicked_at, fact.dimension, fact.key
    FROM inserted
    CROSS JOIN LATERAL (VALUES
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
  click_rollups_hourly_counts AS (
    SELECT url_id, date_trunc('hour', clicked_at, 'UTC') AS bucket, count(*)::int AS clicks, count(*) FILTER (WHERE click_class = 'human')::int AS "human", count(*) FILTER (WHERE click_class = 'bot')::int AS "bot", count(*) FILTER (WHERE click_class = 'preview')::int AS "preview", count(*) FILTER (WHERE click_class = 'head')::int AS "head", count(*) FILTER (WHERE click_class = 'prefetch')::int AS "prefetch",
           count(*) FILTER (WHERE is_unique)::int AS "unique"
    FROM inserted GROUP BY url_id, bucket
  ),
  click_rollups_hourly_values AS (
    SELECT url_id, bucket, jsonb_object_agg(dimension, counts) AS breakdowns
    FROM (
      SELECT url_id, bucket, dimension, jsonb_object_agg(key, clicks) AS counts
      FROM (SELECT url_id, date_trunc('hour', clicked_at, 'UTC') AS bucket, dimension, key, count(*)::int AS clicks
            FROM rollup_facts GROUP BY url_id, bucket, dimension, key) AS per_value
      GROUP BY url_id, bucket, dimension
    ) AS per_dimension
    GROUP BY url_id, bucket
  ),
  click_rollups_hourly_added AS (
    INSERT INTO click_rollups_hourly AS rollup (url_id, bucket, "clicks", "human", "bot", "preview", "head", "prefetch", "unique", breakdowns)
    SELECT url_id, bucket, "clicks", "human", "bot", "preview", "head", "prefetch", "unique", breakdowns FROM click_rollups_hourly_counts JOIN click_rollups_hourly_values USING (url_id, bucket)
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY url_id, bucket
    ON CONFLICT (url_id, bucket) DO UPDATE SET "clicks" = rollup."clicks" + excluded."clicks", "human" = rollup."human" + excluded."human", "bot" = rollup."bot" + excluded."bot", "preview" = rollup."preview" + excluded."preview", "head" = rollup."head" + excluded."head", "prefetch" = rollup."prefetch" + excluded."prefetch", "unique" = rollup."unique" + excluded."unique",
      breakdowns = linkscope_add_counts(rollup.breakdowns, excluded.breakdowns)
  ),
  click_rollups_daily_counts AS (
    SELECT url_id, date_trunc('day', clicked_at, 'UTC') AS bucket, count(*)::int AS clicks, count(*) FILTER (WHERE click_class = 'human')::int AS "human", count(*) FILTER (WHERE click_class = 'bot')::int AS "bot", count(*) FILTER (WHERE click_class = 'preview')::int AS "preview", count(*) FILTER (WHERE click_class = 'head')::int AS "head", count(*) FILTER (WHERE click_class = 'prefetch')::int AS "prefetch",
           count(*) FILTER (WHERE is_unique)::int AS "unique"
    FROM inserted GROUP BY url_id, bucket
  ),
  click_rollups_daily_values AS (
    SELECT url_id, bucket, jsonb_object_agg(dimension, counts) AS breakdowns
    FROM (
      SELECT url_id, bucket, dimension, jsonb_object_agg(key, clicks) AS counts
      FROM (SELECT url_id, date_trunc('day', clicked_at, 'UTC') AS bucket, dimension, key, count(*)::int AS clicks
            FROM rollup_facts GROUP BY url_id, bucket, dimension, key) AS per_value
      GROUP BY url_id, bucket, dimension
    ) AS per_dimension
    GROUP BY url_id, bucket
  ),
  click_rollups_daily_added AS (
    INSERT INTO click_rollups_daily AS rollup (url_id, bucket, "clicks", "human", "bot", "preview", "head", "prefetch", "unique", breakdowns)
    SELECT url_id, bucket, "clicks", "human", "bot", "preview", "head", "prefetch", "unique", breakdowns FROM click_rollups_daily_counts JOIN click_rollups_daily_values USING (url_id, bucket)
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY url_id, bucket
    ON CONFLICT (url_id, bucket) DO UPDATE SET "clicks" = rollup."clicks" + excluded."clicks", "human" = rollup."human" + excluded."human", "bot" = rollup."bot" + excluded."bot", "preview" = rollup."preview" + excluded."preview", "head" = rollup."head" + excluded."head", "prefetch" = rollup."prefetch" + excluded."prefetch", "unique" = rollup."unique" + excluded."unique",
      breakdowns = linkscope_add_counts(rollup.breakdowns, excluded.breakdowns)
  ),
  click_totals_counts AS (
    SELECT url_id, count(*)::int AS clicks, count(*) FILTER (WHERE click_class = 'human')::int AS "human", count(*) FILTER (WHERE click_class = 'bot')::int AS "bot", count(*) FILTER (WHERE click_class = 'preview')::int AS "preview", count(*) FILTER (WHERE click_class = 'head')::int AS "head", count(*) FILTER (WHERE click_class = 'prefetch')::int AS "prefetch",
           count(*) FILTER (WHERE is_unique)::int AS "unique"
    FROM inserted GROUP BY url_id
  ),
  click_totals_values AS (
    SELECT url_id, jsonb_object_agg(dimension, counts) AS breakdowns
    FROM (
      SELECT url_id, dimension, jsonb_object_agg(key, clicks) AS counts
      FROM (SELECT url_id, dimension, key, count(*)::int AS clicks
            FROM rollup_facts GROUP BY url_id, dimension, key) AS per_value
      GROUP BY url_id, dimension
    ) AS per_dimension
    GROUP BY url_id
  ),
  click_totals_added AS (
    INSERT INTO click_totals AS rollup (url_id, "clicks", "human", "bot", "preview", "head", "prefetch", "unique", breakdowns)
    SELECT url_id, "clicks", "human", "bot", "preview", "head", "prefetch", "unique", breakdowns FROM click_totals_counts JOIN click_totals_values USING (url_id)
    -- One order for every batch: two consumers adding to the same rows lock them in the same order.
    ORDER BY url_id
    ON CONFLICT (url_id) DO UPDATE SET "clicks" = rollup."clicks" + excluded."clicks", "human" = rollup."human" + excluded."human", "bot" = rollup."bot" + excluded."bot", "preview" = rollup."preview" + excluded."preview", "head" = rollup."head" + excluded."head", "prefetch" = rollup."prefetch" + excluded."prefetch", "unique" = rollup."unique" + excluded."unique",
      breakdowns = linkscope_add_counts(rollup.breakdowns, excluded.breakdowns)
  )
SELECT 1;