ALTER TABLE "clicks" ADD COLUMN "rule_index" smallint;--> statement-breakpoint
ALTER TABLE "clicks" ADD COLUMN "variant_index" smallint;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "rules" jsonb;