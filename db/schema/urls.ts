import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";
import type { HealthState, ProbeError } from "../../worker/domain/health-states.ts";
import type { QueryForwarding, UtmTags } from "../../worker/domain/link-record.ts";
import type { Rule } from "../../worker/domain/link-rules.ts";
import { ORIGINAL_URL_MAX_LENGTH, SHORT_CODE_MAX_LENGTH, TITLE_MAX_LENGTH } from "../../worker/lib/limits.ts";
import { domains } from "./domains.ts";
import { users } from "./users.ts";
import { ownersWorkspace, workspaces } from "./workspaces.ts";

/** What GET /urls?q= searches: the code, the destination and the title, as its trigram index holds them. */
export const URL_SEARCH_TEXT = "(short_code || ' ' || original_url || ' ' || coalesce(title, ''))";

/** The unique index that makes (domain, code) a link's identity: a taken code violates it. */
export const LINK_IDENTITY_INDEX = "urls_domain_code_unique";

export const urls = pgTable(
  "urls",
  {
    id: serial("id").primaryKey(),
    // RESTRICT: a user who still owns links cannot be deleted (the API answers 409).
    userId: integer("user_id").references(() => users.id, { onDelete: "restrict" }),
    // The workspace that owns the link (a link written with only a user_id: that user's personal one).
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "restrict" })
      .$defaultFn(ownersWorkspace),
    // The custom domain the link answers on; null: the service's own hosts (the default domain). A
    // link's identity is (domain, code): the same code may lead elsewhere on another domain.
    domainId: integer("domain_id"),
    shortCode: varchar("short_code", { length: SHORT_CODE_MAX_LENGTH }).notNull(),
    originalUrl: varchar("original_url", { length: ORIGINAL_URL_MAX_LENGTH }).notNull(),
    title: varchar("title", { length: TITLE_MAX_LENGTH }),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // The link's lifecycle: it redirects from valid_since (when set) until expires_at (when set)
    // and while fewer than max_clicks human clicks have been stored (clicks_used).
    validSince: timestamp("valid_since", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    maxClicks: integer("max_clicks"),
    // Human clicks stored by the click consumer (bots, previews, HEAD and prefetches never count).
    clicksUsed: integer("clicks_used").notNull().default(0),
    // Clicks another shortener counted before the link was imported (POST /urls/import): shown apart,
    // never added to the clicks counted here (nor to clicks_used: a cap counts this service's clicks).
    importedClicks: integer("imported_clicks").notNull().default(0),
    expiredUrl: varchar("expired_url", { length: ORIGINAL_URL_MAX_LENGTH }),
    // Opt-in: where the link sends people while its destination's health is "broken".
    fallbackUrl: varchar("fallback_url", { length: ORIGINAL_URL_MAX_LENGTH }),
    queryForwarding: varchar("query_forwarding", { length: 8 }).$type<QueryForwarding>().notNull().default("fill"),
    utm: jsonb("utm").$type<UtmTags>(),
    // Targeting rules and A/B splits (worker/domain/link-rules.ts), validated before they are written.
    rules: jsonb("rules").$type<Rule[]>(),
    // PBKDF2 of the link's password (worker/domain/link-password.ts), never the password; null: none.
    passwordHash: varchar("password_hash", { length: 160 }),
    // Bumped on every password change or removal: unlock cookies name the version they were given for.
    passwordVersion: integer("password_version").notNull().default(0),
    // Where the destination was at its last check (worker/link-health): the state, what answered, and
    // when the next check is due. Written by the checker only; never part of an edit.
    healthState: varchar("health_state", { length: 16 }).$type<HealthState>().notNull().default("unknown"),
    healthCheckedAt: timestamp("health_checked_at", { withTimezone: true }),
    healthStatus: integer("health_status"),
    healthFinalUrl: varchar("health_final_url", { length: ORIGINAL_URL_MAX_LENGTH }),
    healthHops: integer("health_hops"),
    healthLatencyMs: integer("health_latency_ms"),
    healthError: varchar("health_error", { length: 32 }).$type<ProbeError>(),
    healthFailures: integer("health_failures").notNull().default(0),
    healthFirstFailureAt: timestamp("health_first_failure_at", { withTimezone: true }),
    healthNextCheckAt: timestamp("health_next_check_at", { withTimezone: true }),
    // When health_state last changed: the daily digest lists the links that became broken or moved.
    healthChangedAt: timestamp("health_changed_at", { withTimezone: true }),
  },
  (table) => [
    // Codes are unique per domain; the default domain (null) counts as one domain, 0.
    uniqueIndex(LINK_IDENTITY_INDEX).on(sql`coalesce(${table.domainId}, 0)`, table.shortCode),
    // A link's domain is one of its own workspace's: a wall the database keeps, whatever the code does.
    // RESTRICT: a domain that links still use cannot be deleted (the API answers 409 with the count).
    foreignKey({
      name: "urls_domain_workspace_fk",
      columns: [table.domainId, table.workspaceId],
      foreignColumns: [domains.id, domains.workspaceId],
    }).onDelete("restrict"),
    index("urls_domain_id_idx").on(table.domainId).where(sql`${table.domainId} IS NOT NULL`),
    index("urls_user_id_is_active_idx").on(table.userId, table.isActive),
    index("urls_workspace_id_id_idx").on(table.workspaceId, table.id),
    index("urls_is_active_idx").on(table.isActive),
    index("urls_health_state_idx").on(table.healthState),
    // The checker's queue: the links due first (never checked: null, first).
    index("urls_health_next_check_at_idx").on(table.healthNextCheckAt),
    // GET /urls?q=: a substring of the code, the destination or the title, found through trigrams
    // (pg_trgm; the expression is the one the search writes, see worker/services/urls/list-urls.ts).
    index("urls_search_trgm_idx").using("gin", sql`${sql.raw(URL_SEARCH_TEXT)} gin_trgm_ops`),
    // GET /urls?sort=: each sort is a keyset over (key, id).
    index("urls_created_at_id_idx").on(table.createdAt, table.id),
    index("urls_clicks_used_id_idx").on(table.clicksUsed, table.id),
    index("urls_title_id_idx").on(sql`coalesce(${table.title}, '')`, table.id),
    // The cron's search for links that just expired (link.expired webhooks).
    index("urls_expires_at_idx").on(table.expiresAt).where(sql`${table.expiresAt} IS NOT NULL`),
    check("urls_validity_window_check", sql`${table.validSince} < ${table.expiresAt}`),
    check("urls_imported_clicks_check", sql`${table.importedClicks} >= 0`),
    check("urls_max_clicks_range_check", sql`${table.maxClicks} BETWEEN 1 AND 1000000000`),
    check("urls_query_forwarding_check", sql`${table.queryForwarding} IN ('off', 'fill', 'merge')`),
    check("urls_password_hash_check", sql`${table.passwordHash} LIKE 'pbkdf2-sha256$%'`),
  ],
);

export type UrlRow = typeof urls.$inferSelect;
export type NewUrlRow = typeof urls.$inferInsert;
