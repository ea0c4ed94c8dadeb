CREATE TABLE "anomaly_runs" (
	"hour" timestamp with time zone PRIMARY KEY NOT NULL,
	"links" integer NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "link_anomalies" (
	"url_id" integer NOT NULL,
	"kind" varchar(40) NOT NULL,
	"state" varchar(16) NOT NULL,
	"since" timestamp with time zone,
	"episode" integer NOT NULL,
	"consecutive" integer NOT NULL,
	"value" double precision,
	"threshold" double precision NOT NULL,
	"detail" text NOT NULL,
	"evaluated_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"pending_notice" varchar(16),
	"pending_since" timestamp with time zone,
	CONSTRAINT "link_anomalies_url_id_kind_pk" PRIMARY KEY("url_id","kind")
);
--> statement-breakpoint
ALTER TABLE "link_anomalies" ADD CONSTRAINT "link_anomalies_url_id_urls_id_fk" FOREIGN KEY ("url_id") REFERENCES "public"."urls"("id") ON DELETE cascade ON UPDATE no action;