-- Workspaces own links, tags, webhooks, API keys and the audit log (docs/adr/0019-workspaces.md).
-- Every user gets a personal workspace (the user its owner) and every row moves into its owner's;
-- rows without an owner (links created without a user_id, the admin's tags and webhooks) go to the
-- one operator workspace. Nothing is deleted or renumbered: tests/stack/workspaces-migration.test.ts
-- checks counts and ids before and after on the sample data.
CREATE TABLE "workspaces" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"personal_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_personal_user_id_unique" UNIQUE("personal_user_id"),
	CONSTRAINT "workspaces_kind_check" CHECK ("workspaces"."kind" IN ('personal', 'team', 'operator')),
	CONSTRAINT "workspaces_personal_user_check" CHECK (("workspaces"."kind" = 'personal') = ("workspaces"."personal_user_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "workspace_members" (
	"workspace_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"role" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_members_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id"),
	CONSTRAINT "workspace_members_role_check" CHECK ("workspace_members"."role" IN ('owner', 'admin', 'editor', 'viewer'))
);
--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "workspace_members" ADD CONSTRAINT "workspace_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_personal_user_id_users_id_fk" FOREIGN KEY ("personal_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "workspace_members_user_id_idx" ON "workspace_members" USING btree ("user_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_operator_unique" ON "workspaces" USING btree ("kind") WHERE "workspaces"."kind" = 'operator';
--> statement-breakpoint
DROP INDEX "tags_owner_name_unique";
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "workspace_id" integer;
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "workspace_id" integer;
--> statement-breakpoint
ALTER TABLE "tags" ADD COLUMN "workspace_id" integer;
--> statement-breakpoint
ALTER TABLE "urls" ADD COLUMN "workspace_id" integer;
--> statement-breakpoint
ALTER TABLE "webhooks" ADD COLUMN "workspace_id" integer;
--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "url_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "actor_kind" varchar(16);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "actor_key_id" integer;
--> statement-breakpoint
INSERT INTO "workspaces" ("name", "kind") VALUES ('Operator', 'operator');
--> statement-breakpoint
INSERT INTO "workspaces" ("name", "kind", "personal_user_id", "created_at")
SELECT left("username", 100), 'personal', "id", "created_at" FROM "users" ORDER BY "id";
--> statement-breakpoint
INSERT INTO "workspace_members" ("workspace_id", "user_id", "role", "created_at")
SELECT "id", "personal_user_id", 'owner', "created_at" FROM "workspaces" WHERE "kind" = 'personal';
--> statement-breakpoint
-- The workspace a row written with only a user_id belongs in: that user's personal one, or the
-- operator's for no user. NULL when the user does not exist (the caller's foreign key then fails).
CREATE OR REPLACE FUNCTION linkscope_owners_workspace(owner integer) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN owner IS NULL THEN (SELECT "id" FROM "workspaces" WHERE "kind" = 'operator')
              ELSE (SELECT "id" FROM "workspaces" WHERE "personal_user_id" = owner) END
$$;
--> statement-breakpoint
UPDATE "urls" SET "workspace_id" = linkscope_owners_workspace("user_id");
--> statement-breakpoint
UPDATE "tags" SET "workspace_id" = linkscope_owners_workspace("user_id");
--> statement-breakpoint
UPDATE "webhooks" SET "workspace_id" = linkscope_owners_workspace("user_id");
--> statement-breakpoint
UPDATE "api_keys" SET "workspace_id" = linkscope_owners_workspace("user_id");
--> statement-breakpoint
UPDATE "events" e SET "workspace_id" = u."workspace_id" FROM "urls" u WHERE u."id" = e."url_id";
--> statement-breakpoint
ALTER TABLE "urls" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "tags" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "webhooks" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "workspace_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "urls" ADD CONSTRAINT "urls_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE restrict ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "api_keys_workspace_id_idx" ON "api_keys" USING btree ("workspace_id");
--> statement-breakpoint
CREATE INDEX "events_workspace_id_id_idx" ON "events" USING btree ("workspace_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "tags_workspace_name_unique" ON "tags" USING btree ("workspace_id",lower("name"));
--> statement-breakpoint
CREATE INDEX "urls_workspace_id_id_idx" ON "urls" USING btree ("workspace_id","id");
--> statement-breakpoint
CREATE INDEX "webhooks_workspace_id_idx" ON "webhooks" USING btree ("workspace_id");
--> statement-breakpoint
-- Writers that name no workspace (the seed API's paths: a user_id or nothing) get the owner's, as
-- the backfill above; an unknown user fails as its foreign key would have (the NOT NULL check on
-- workspace_id would otherwise answer first, with a less useful error).
CREATE OR REPLACE FUNCTION linkscope_default_workspace() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."workspace_id" IS NULL THEN
    NEW."workspace_id" := linkscope_owners_workspace(NEW."user_id");
    IF NEW."workspace_id" IS NULL THEN
      RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"',
        TG_TABLE_NAME, TG_TABLE_NAME || '_user_id_users_id_fk'
        USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
              CONSTRAINT = TG_TABLE_NAME || '_user_id_users_id_fk',
              DETAIL = format('Key (user_id)=(%s) is not present in table "users".', NEW."user_id");
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "urls_default_workspace" BEFORE INSERT ON "urls"
FOR EACH ROW EXECUTE FUNCTION linkscope_default_workspace();
--> statement-breakpoint
CREATE TRIGGER "tags_default_workspace" BEFORE INSERT ON "tags"
FOR EACH ROW EXECUTE FUNCTION linkscope_default_workspace();
--> statement-breakpoint
CREATE TRIGGER "webhooks_default_workspace" BEFORE INSERT ON "webhooks"
FOR EACH ROW EXECUTE FUNCTION linkscope_default_workspace();
--> statement-breakpoint
CREATE TRIGGER "api_keys_default_workspace" BEFORE INSERT ON "api_keys"
FOR EACH ROW EXECUTE FUNCTION linkscope_default_workspace();
--> statement-breakpoint
-- The seed's PUT /urls/{id} {"user_id"} gives a link to another user: a link of a personal (or the
-- operator) workspace follows its owner into theirs; a team workspace's link stays in the team.
CREATE OR REPLACE FUNCTION linkscope_link_follows_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."user_id" IS DISTINCT FROM OLD."user_id" AND NEW."workspace_id" = OLD."workspace_id"
     AND (SELECT "kind" FROM "workspaces" WHERE "id" = OLD."workspace_id") <> 'team' THEN
    NEW."workspace_id" := coalesce(linkscope_owners_workspace(NEW."user_id"), OLD."workspace_id");
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "urls_follow_owner" BEFORE UPDATE OF "user_id" ON "urls"
FOR EACH ROW EXECUTE FUNCTION linkscope_link_follows_owner();
--> statement-breakpoint
-- A link's event is in its link's workspace's audit log; an unknown link fails as its foreign key would.
CREATE OR REPLACE FUNCTION linkscope_event_workspace() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."workspace_id" IS NULL AND NEW."url_id" IS NOT NULL THEN
    NEW."workspace_id" := (SELECT "workspace_id" FROM "urls" WHERE "id" = NEW."url_id");
    IF NEW."workspace_id" IS NULL THEN
      RAISE EXCEPTION 'insert or update on table "events" violates foreign key constraint "events_url_id_urls_id_fk"'
        USING ERRCODE = 'foreign_key_violation', TABLE = 'events', CONSTRAINT = 'events_url_id_urls_id_fk',
              DETAIL = format('Key (url_id)=(%s) is not present in table "urls".', NEW."url_id");
    END IF;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "events_workspace" BEFORE INSERT ON "events"
FOR EACH ROW EXECUTE FUNCTION linkscope_event_workspace();
--> statement-breakpoint
-- Every new user gets a personal workspace, owned by them, in the same statement (bulk imports too).
CREATE OR REPLACE FUNCTION linkscope_personal_workspaces() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH made AS (
    INSERT INTO "workspaces" ("name", "kind", "personal_user_id")
    SELECT left(n."username", 100), 'personal', n."id" FROM new_users n ORDER BY n."id"
    RETURNING "id", "personal_user_id"
  )
  INSERT INTO "workspace_members" ("workspace_id", "user_id", "role") SELECT "id", "personal_user_id", 'owner' FROM made;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_personal_workspace" AFTER INSERT ON "users"
REFERENCING NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION linkscope_personal_workspaces();
