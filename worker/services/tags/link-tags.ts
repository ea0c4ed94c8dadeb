// A link's tags in SQL: the names as responses carry them, and the statements that set them, made to
// run inside the batch of the link's own write (one transaction with its audit event).
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";

/**
 * A link's tag names, sorted without case (the same as linkscope_tag_names() in migration 0013).
 * The link's id is written qualified: drizzle renders ${urls.id} in a select list as a bare "id",
 * which inside this subquery would be the tag's.
 */
export const TAG_NAMES = sql<string[]>`(SELECT coalesce(json_agg(t.name ORDER BY lower(t.name), t.name), '[]'::json)
  FROM url_tags ut JOIN tags t ON t.id = ut.tag_id WHERE ut.url_id = "urls"."id")`;

/** The columns a link is answered from: the row and its tag names. */
export const LINK_COLUMNS = { ...getTableColumns(urls), tags: TAG_NAMES };

export type LinkRow = UrlRow & { tags: string[] };

/** A JSON array parameter: drizzle would spread a JS array into separate parameters. */
const jsonNames = (names: readonly string[]) => sql`${JSON.stringify(names)}::jsonb`;

/** The tag `t` (in the query around it) bears one of these names, in any case. */
export const tagNamedOneOf = (names: readonly string[]) =>
  sql`lower(t.name) IN (SELECT lower(n) FROM jsonb_array_elements_text(${jsonNames(names)}) AS n)`;

/**
 * The statements that make the link's tags exactly `names`: the owner's missing tags are created
 * (an existing name in another case is reused), the others removed from the link, the new ones
 * added. `urlId` and `ownerId` are SQL so a link inserted earlier in the batch can be named by currval.
 */
export function setLinkTagStatements(db: Database, urlId: SQL, ownerId: SQL, names: readonly string[]) {
  const wanted = sql`SELECT t.id FROM tags t
    WHERE coalesce(t.user_id, 0) = coalesce(${ownerId}, 0)
      AND ${tagNamedOneOf(names)}`;
  return [
    db.execute(sql`INSERT INTO tags (user_id, name)
      SELECT ${ownerId}, n FROM jsonb_array_elements_text(${jsonNames(names)}) AS n
      ON CONFLICT DO NOTHING`),
    db.execute(sql`DELETE FROM url_tags WHERE url_id = ${urlId} AND tag_id NOT IN (${wanted})`),
    db.execute(sql`INSERT INTO url_tags (url_id, tag_id) SELECT ${urlId}, id FROM (${wanted}) AS w
      ON CONFLICT DO NOTHING`),
  ] as const;
}

export interface NewLinkTags {
  urlId: number;
  ownerId: number | null;
  names: readonly string[];
}

/** Anything that runs a statement: the HTTP client, the pool, a transaction. */
interface Executes {
  execute(query: SQL): PromiseLike<unknown>;
}

/** Many new links' tags in two statements (a bulk import): the owners' missing tags, then the links'. */
export async function tagNewLinks(db: Executes, links: readonly NewLinkTags[]): Promise<void> {
  const tagged = links.filter((link) => link.names.length > 0);
  if (tagged.length === 0) return;
  const rows = sql`jsonb_to_recordset(${JSON.stringify(tagged)}::jsonb) AS r("urlId" integer, "ownerId" integer, names jsonb)
    CROSS JOIN LATERAL jsonb_array_elements_text(r.names) AS n`;
  await db.execute(sql`INSERT INTO tags (user_id, name) SELECT r."ownerId", n FROM ${rows} ON CONFLICT DO NOTHING`);
  await db.execute(sql`INSERT INTO url_tags (url_id, tag_id)
    SELECT r."urlId", t.id FROM ${rows}
    JOIN tags t ON coalesce(t.user_id, 0) = coalesce(r."ownerId", 0) AND lower(t.name) = lower(n)
    ON CONFLICT DO NOTHING`);
}
