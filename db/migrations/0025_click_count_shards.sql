-- Hot links' totals off a single row (issue 32, ADR 26). A consumer batch adds a link's whole-life
-- counts to one of eight shards of click_totals, chosen at random per batch and summed on read, and
-- the human clicks of a link without a cap to a shard of click_count_deltas, which the cron folds into
-- urls.clicks_used each minute: a batch no longer rewrites the link's wide row, with its thirteen
-- indexes, for every link it touches, and two batches of a viral link rarely wait for one row's lock.
-- Existing totals become shard 0.
ALTER TABLE "click_totals" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "click_totals" DROP CONSTRAINT "click_totals_pkey";--> statement-breakpoint
ALTER TABLE "click_totals" ADD CONSTRAINT "click_totals_url_id_shard_pk" PRIMARY KEY("url_id","shard");--> statement-breakpoint
CREATE TABLE "click_count_deltas" (
	"url_id" integer NOT NULL,
	"shard" smallint NOT NULL,
	"human" integer NOT NULL,
	CONSTRAINT "click_count_deltas_url_id_shard_pk" PRIMARY KEY("url_id","shard")
);
--> statement-breakpoint
ALTER TABLE "click_count_deltas" ADD CONSTRAINT "click_count_deltas_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Adds a link's pending human clicks to its clicks_used as its cap is set: from then on the consumer
-- writes clicks_used at once, and the cap counts every click before it.
CREATE OR REPLACE FUNCTION linkscope_fold_clicks_on_cap() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  pending integer;
BEGIN
  IF NEW."max_clicks" IS NOT NULL AND OLD."max_clicks" IS NULL THEN
    WITH folded AS (DELETE FROM "click_count_deltas" WHERE "url_id" = NEW."id" RETURNING "human")
    SELECT coalesce(sum("human"), 0)::integer INTO pending FROM folded;
    NEW."clicks_used" := NEW."clicks_used" + pending;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "urls_fold_clicks_on_cap" BEFORE UPDATE OF "max_clicks" ON "urls"
FOR EACH ROW EXECUTE FUNCTION linkscope_fold_clicks_on_cap();
