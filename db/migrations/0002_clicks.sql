CREATE TABLE "clicks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"url_id" integer NOT NULL,
	"clicked_at" timestamp with time zone NOT NULL,
	"referrer_host" varchar(255),
	"country" varchar(8),
	"colo" varchar(8),
	"device_class" varchar(16) NOT NULL,
	"click_class" varchar(16) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clicks_url_id_clicked_at_idx" ON "clicks" USING btree ("url_id","clicked_at");