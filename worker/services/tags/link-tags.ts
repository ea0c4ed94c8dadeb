// A link's tags in SQL: the names as responses carry them, and the statements that set them, made to
// run inside the batch of the link's own write (one transaction with its audit event).
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

/**
 * A link's tag names, sorted without case (the same as linkscope_tag_names() in migration 0013).
 * The link's id is written qualified: drizzle renders ${urls.id} in a select list as a bare "id",
 * which inside this subquery would be the tag's.
 */
export const TAG_NAMES = sql<string[]>`(SELECT coalesce(json_agg(t.name ORDER BY lower(t.name), t.name), '[]'::json)
  FROM url_tags ut JOIN tags t ON t.id = ut.tag_id WHERE ut.url_id = "urls"."id")`;

/** A JSON parameter: drizzle would spread a JS array into separate parameters. */
export const jsonParameter = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** The tag `t` (in the query around it) bears one of these names, in any case. */
export const tagNamedOneOf = (names: readonly string[]) =>
  sql`lower(t.name) IN (SELECT lower(n) FROM jsonb_array_elements_text(${jsonParameter(names)}) AS n)`;

/**
 * The statements that make the link's tags exactly `names`: its workspace's missing tags are created
 * (an existing name in another case is reused; a new tag records the link's maker), the others
 * removed from the link, the new ones added. `urlId` is SQL so a link inserted earlier in the batch
 * can be named by currval.
 */
export function setLinkTagStatements(db: Database, urlId: SQL, names: readonly string[]) {
  const wanted = sql`SELECT t.id FROM tags t
    WHERE t.workspace_id = (SELECT u.workspace_id FROM urls u WHERE u.id = ${urlId})
      AND ${tagNamedOneOf(names)}`;
  return [
    db.execute(sql`INSERT INTO tags (user_id, workspace_id, name)
      SELECT u.user_id, u.workspace_id, n FROM urls u, jsonb_array_elements_text(${jsonParameter(names)}) AS n
      WHERE u.id = ${urlId}
      ON CONFLICT DO NOTHING`),
    db.execute(sql`DELETE FROM url_tags WHERE url_id = ${urlId} AND tag_id NOT IN (${wanted})`),
    db.execute(sql`INSERT INTO url_tags (url_id, tag_id) SELECT ${urlId}, id FROM (${wanted}) AS w
      ON CONFLICT DO NOTHING`),
  ] as const;
}
