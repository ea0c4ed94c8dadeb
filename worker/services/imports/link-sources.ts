// What each shortener's export calls its columns, mapped onto a link's fields. Headers are compared
// without case, spaces, underscores or dashes ("Long URL", "long_url" and "longUrl" are one name).
// Columns a source is known to have but that are not imported (an IP, a state, a computed URL) are
// "ignored"; anything else is reported as unknown, so a misspelt header does not vanish silently.

export const LINK_SOURCES = ["linkscope", "shlink", "yourls", "bitly", "csv"] as const;
export type LinkSource = (typeof LINK_SOURCES)[number];

/** The fields an imported row can fill. */
export type LinkField =
  | "short_code"
  /** A short link whose path is the code (Bitly's "link"). */
  | "short_link"
  | "original_url"
  /** The short link's domain: the workspace's custom domain of that hostname, when it has claimed it. */
  | "domain"
  | "title"
  | "tags"
  | "created_at"
  | "is_active"
  | "valid_since"
  | "expires_at"
  | "max_clicks"
  | "expired_url"
  | "fallback_url"
  | "query_forwarding"
  | "utm"
  | "rules"
  /** Clicks the source counted: they become imported_clicks. */
  | "clicks"
  | "imported_clicks"
  /** The source had the link behind a password: the password itself is never imported. */
  | "password_protected"
  | "password"
  | "ignored";

type Aliases = Record<string, LinkField>;

const LINKSCOPE: Aliases = {
  id: "ignored",
  shortcode: "short_code",
  domain: "domain",
  shorturl: "ignored",
  originalurl: "original_url",
  title: "title",
  tags: "tags",
  userid: "ignored",
  isactive: "is_active",
  state: "ignored",
  clicks: "clicks",
  importedclicks: "imported_clicks",
  createdat: "created_at",
  updatedat: "ignored",
  validsince: "valid_since",
  expiresat: "expires_at",
  maxclicks: "max_clicks",
  expiredurl: "expired_url",
  fallbackurl: "fallback_url",
  queryforwarding: "query_forwarding",
  utm: "utm",
  rules: "rules",
  passwordprotected: "password_protected",
  healthstate: "ignored",
};

const SHLINK: Aliases = {
  longurl: "original_url",
  shortcode: "short_code",
  shorturl: "ignored",
  domain: "domain",
  title: "title",
  tags: "tags",
  datecreated: "created_at",
  validsince: "valid_since",
  validuntil: "expires_at",
  maxvisits: "max_clicks",
  visitscount: "clicks",
  visits: "clicks",
  crawlable: "ignored",
  forwardquery: "ignored",
  password: "password",
};

const YOURLS: Aliases = {
  keyword: "short_code",
  url: "original_url",
  title: "title",
  timestamp: "created_at",
  ip: "ignored",
  clicks: "clicks",
};

const BITLY: Aliases = {
  link: "short_link",
  bitlink: "short_link",
  shortlink: "short_link",
  shorturl: "short_link",
  custombitlinks: "ignored",
  longurl: "original_url",
  destination: "original_url",
  destinationurl: "original_url",
  url: "original_url",
  title: "title",
  tags: "tags",
  created: "created_at",
  createdat: "created_at",
  datecreated: "created_at",
  creationdate: "created_at",
  clicks: "clicks",
  totalclicks: "clicks",
  engagements: "clicks",
  totalengagements: "clicks",
  archived: "ignored",
  id: "ignored",
  domain: "domain",
};

const CSV: Aliases = {
  url: "original_url",
  originalurl: "original_url",
  longurl: "original_url",
  destination: "original_url",
  target: "original_url",
  shortcode: "short_code",
  code: "short_code",
  slug: "short_code",
  keyword: "short_code",
  key: "short_code",
  domain: "domain",
  title: "title",
  tags: "tags",
  createdat: "created_at",
  expiresat: "expires_at",
  clicks: "clicks",
  password: "password",
};

const SOURCES: Record<LinkSource, Aliases> = {
  linkscope: LINKSCOPE,
  shlink: SHLINK,
  yourls: YOURLS,
  bitly: BITLY,
  csv: CSV,
};

export const normaliseHeader = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");

export interface ColumnMap {
  /** The field each column fills, by the column's header as read. */
  fields: Map<string, LinkField>;
  unknown: string[];
}

/** Which field each header fills for `source`; the first column of a field wins, later ones are unknown. */
export function mapColumns(source: LinkSource, header: readonly string[]): ColumnMap {
  const aliases = SOURCES[source];
  const fields = new Map<string, LinkField>();
  const taken = new Set<LinkField>();
  const unknown: string[] = [];
  for (const column of header) {
    const field = aliases[normaliseHeader(column)];
    if (field === undefined || (field !== "ignored" && taken.has(field))) {
      unknown.push(column);
      continue;
    }
    fields.set(column, field);
    taken.add(field);
  }
  return { fields, unknown };
}

/** The headers a source reads a destination from, for the error that says none was found. */
export function destinationHeaders(source: LinkSource): string[] {
  return Object.entries(SOURCES[source])
    .filter(([, field]) => field === "original_url")
    .map(([name]) => name);
}
