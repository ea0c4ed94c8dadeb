ALTER TABLE "urls" ADD COLUMN "valid_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "max_clicks" integer;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "clicks_used" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "expired_url" varchar(2048);--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "query_forwarding" varchar(8) DEFAULT 'fill' NOT NULL;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "utm" jsonb;--> statement-breakpoint
ALTER TABLE "urls" ADD CONSTRAINT "urls_validity_window_check" CHECK ("urls"."valid_since" < "urls"."expires_at");--> statement-breakpoint
ALTER TABLE "urls" ADD CONSTRAINT "urls_max_clicks_range_check" CHECK ("urls"."max_clicks" BETWEEN 1 AND 1000000000);--> statement-breakpoint
ALTER TABLE "urls" ADD CONSTRAINT "urls_query_forwarding_check" CHECK ("urls"."query_forwarding" IN ('off', 'fill', 'merge'));