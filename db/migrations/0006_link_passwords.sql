ALTER TABLE "urls" ADD COLUMN "password_hash" varchar(160);--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "password_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "urls" ADD CONSTRAINT "urls_password_hash_check" CHECK ("urls"."password_hash" LIKE 'pbkdf2-sha256$%');