// Lengths the columns allow and the validators enforce: one source for the schema (db/schema)
// and for every check that must refuse a value before Postgres would.

/** Longest destination we store. The seed capped at 255 and answered 500 beyond it; real
 * destinations (tracking parameters) are often longer, and browsers handle far more. */
export const ORIGINAL_URL_MAX_LENGTH = 2048;
export const SHORT_CODE_MAX_LENGTH = 64;
export const TITLE_MAX_LENGTH = 255;
export const EVENT_TYPE_MAX_LENGTH = 255;
/** The largest click cap a link may have. */
export const MAX_CLICKS_LIMIT = 1_000_000_000;
/** A tag's name, in characters. */
export const TAG_NAME_MAX_LENGTH = 50;
/** Tags on one link. */
export const MAX_TAGS_PER_LINK = 20;
