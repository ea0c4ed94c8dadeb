import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  timestamp,
  unique,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import type {
  CertificateState,
  DomainProvider,
  DomainState,
  OwnershipState,
} from "../../worker/domain/domain-states.ts";
import { ORIGINAL_URL_MAX_LENGTH } from "../../worker/lib/limits.ts";
import { workspaces } from "./workspaces.ts";

// A workspace's own hostname for short links (issue 30). A hostname is claimed by one workspace at
// most, whatever its state; the provider's ownership and certificate answers are kept apart from what
// the service does with it (`state`).
export const domains = pgTable(
  "domains",
  {
    id: serial("id").primaryKey(),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    // Lower case, IDN names in punycode, no port, no trailing dot (worker/domain/custom-hostname.ts).
    hostname: varchar("hostname", { length: 253 }).notNull().unique("domains_hostname_unique"),
    state: varchar("state", { length: 16 }).$type<DomainState>().notNull().default("pending"),
    provider: varchar("provider", { length: 16 }).$type<DomainProvider>().notNull(),
    // The provider's id for it (a Cloudflare custom hostname's id); null for manual and none.
    providerId: varchar("provider_id", { length: 64 }),
    ownership: varchar("ownership", { length: 16 }).$type<OwnershipState>().notNull().default("pending"),
    certificate: varchar("certificate", { length: 16 }).$type<CertificateState>().notNull().default("pending"),
    // What the provider last said went wrong (its own words, for the owners), or null.
    problem: varchar("problem", { length: 500 }),
    // The TXT record that proves ownership (name and value), and where the CNAME must point.
    txtName: varchar("txt_name", { length: 300 }).notNull(),
    txtValue: varchar("txt_value", { length: 300 }).notNull(),
    cnameTarget: varchar("cname_target", { length: 253 }).notNull(),
    rootRedirect: varchar("root_redirect", { length: ORIGINAL_URL_MAX_LENGTH }),
    notFoundRedirect: varchar("not_found_redirect", { length: ORIGINAL_URL_MAX_LENGTH }),
    expiredUrl: varchar("expired_url", { length: ORIGINAL_URL_MAX_LENGTH }),
    // The workspace's default for new links (one at most: the partial unique index).
    isDefault: boolean("is_default").notNull().default(false),
    appleAppSiteAssociation: jsonb("apple_app_site_association"),
    assetlinks: jsonb("assetlinks"),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    // When the cron checks it next (pending: with backoff; active: daily).
    nextCheckAt: timestamp("next_check_at", { withTimezone: true }).notNull().defaultNow(),
    // The first failed check of an active domain's current streak.
    failingSince: timestamp("failing_since", { withTimezone: true }),
    // A pending domain's owners were reminded (once, after 14 days).
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("domains_workspace_id_idx").on(table.workspaceId),
    // What a link's (domain_id, workspace_id) foreign key points at.
    unique("domains_id_workspace_unique").on(table.id, table.workspaceId),
    uniqueIndex("domains_workspace_default_unique").on(table.workspaceId).where(sql`${table.isDefault}`),
    index("domains_next_check_at_idx").on(table.nextCheckAt),
    check("domains_state_check", sql`${table.state} IN ('pending', 'active', 'unhealthy')`),
    check("domains_hostname_lower_check", sql`${table.hostname} = lower(${table.hostname})`),
  ],
);

export type DomainRow = typeof domains.$inferSelect;
export type NewDomainRow = typeof domains.$inferInsert;
