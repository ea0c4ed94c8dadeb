CREATE TABLE "domains" (
	"id" serial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"hostname" varchar(253) NOT NULL,
	"state" varchar(16) DEFAULT 'pending' NOT NULL,
	"provider" varchar(16) NOT NULL,
	"provider_id" varchar(64),
	"ownership" varchar(16) DEFAULT 'pending' NOT NULL,
	"certificate" varchar(16) DEFAULT 'pending' NOT NULL,
	"problem" varchar(500),
	"txt_name" varchar(300) NOT NULL,
	"txt_value" varchar(300) NOT NULL,
	"cname_target" varchar(253) NOT NULL,
	"root_redirect" varchar(2048),
	"not_found_redirect" varchar(2048),
	"expired_url" varchar(2048),
	"is_default" boolean DEFAULT false NOT NULL,
	"apple_app_site_association" jsonb,
	"assetlinks" jsonb,
	"verified_at" timestamp with time zone,
	"checked_at" timestamp with time zone,
	"next_check_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failing_since" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domains_hostname_unique" UNIQUE("hostname"),
	CONSTRAINT "domains_state_check" CHECK ("domains"."state" IN ('pending', 'active', 'unhealthy')),
	CONSTRAINT "domains_hostname_lower_check" CHECK ("domains"."hostname" = lower("domains"."hostname"))
);
--> statement-breakpoint
ALTER TABLE "domains" ADD CONSTRAINT "domains_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "domains_workspace_id_idx" ON "domains" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "domains_workspace_default_unique" ON "domains" USING btree ("workspace_id") WHERE "domains"."is_default";--> statement-breakpoint
CREATE INDEX "domains_next_check_at_idx" ON "domains" USING btree ("next_check_at");