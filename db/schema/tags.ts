import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, serial, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { TAG_NAME_MAX_LENGTH } from "../../worker/lib/limits.ts";
import { urls } from "./urls.ts";
import { users } from "./users.ts";
import { ownersWorkspace, workspaces } from "./workspaces.ts";

// A workspace's tag: a name unique per workspace whatever its case ("News" and "news" are one tag), kept as
// first written. Null owner: the tags of links without one (the admin's).
export const tags = pgTable(
  "tags",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" })
      .$defaultFn(ownersWorkspace),
    name: varchar("name", { length: TAG_NAME_MAX_LENGTH }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("tags_workspace_name_unique").on(table.workspaceId, sql`lower(${table.name})`)],
);

// Which links carry which tags; a link's tags always belong to the link's owner.
export const urlTags = pgTable(
  "url_tags",
  {
    urlId: integer("url_id")
      .notNull()
      .references(() => urls.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  // The key serves "this link's tags"; the index "this tag's links" (filters, merges, counts).
  (table) => [
    primaryKey({ columns: [table.urlId, table.tagId] }),
    index("url_tags_tag_id_url_id_idx").on(table.tagId, table.urlId),
  ],
);

export type TagRow = typeof tags.$inferSelect;
