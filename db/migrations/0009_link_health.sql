CREATE TABLE "health_digests" (
	"day" date PRIMARY KEY NOT NULL,
	"emails" integer NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_state" varchar(16) DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_status" integer;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_final_url" varchar(2048);--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_hops" integer;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_latency_ms" integer;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_error" varchar(32);--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_first_failure_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "health_changed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "urls_health_state_idx" ON "urls" USING btree ("health_state");--> statement-breakpoint
CREATE INDEX "urls_health_next_check_at_idx" ON "urls" USING btree ("health_next_check_at");