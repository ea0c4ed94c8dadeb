// Where each kind of link sits in the bench's data set. Link index i has the id i + 1 and the
// short code bn000000(i + 1); each kind is a range of indexes, so a scenario picks a link of its
// kind with a Zipf sampler over that range.
export const HOT_SET = 1_000;
/** Links after the hot set: with lifecycle times and UTM tags, then capped (max_clicks). */
export const FORWARDING_SET = 1_000;
export const CAPPED_SET = 100;
export const CAPPED_START = HOT_SET + FORWARDING_SET;
/** Then links with 25 rules, the last one matching the scenario's requests. */
export const RULES_SET = 1_000;
export const RULES_START = HOT_SET + FORWARDING_SET + CAPPED_SET;
/** Then links whose destination is broken, each with a fallback_url (and UTM tags, so it is prepared). */
export const BROKEN_SET = 1_000;
export const BROKEN_START = RULES_START + RULES_SET;
/**
 * Password-protected links, the last ids (their cookies are made by the bench); the scenarios over
 * every link never ask for them (they would answer 401).
 */
export const PROTECTED_SET = 100;
/** Short codes no link has, asked for by the unknown_code scenario. */
export const UNKNOWN_SET = 10_000;
export const STATS_LARGE_CLICKS = 10_000_000;
export const STATS_SMALL_CLICKS = 10;

/** The positions that depend on the number of links (--links): the protected set is the tail. */
export interface LinkLayout {
  links: number;
  protectedStart: number;
  /** The two links whose stats url_stats reads (created 90 days ago): 10,000,000 clicks and 10. */
  statsLargeId: number;
  statsSmallId: number;
}

export function linkLayout(links: number): LinkLayout {
  const protectedStart = links - PROTECTED_SET;
  return { links, protectedStart, statsLargeId: protectedStart, statsSmallId: protectedStart - 1 };
}

/**
 * A custom domain (active) holding a copy of the hot set: the same codes, other destinations, and the
 * ids after every link of the layout. redirect_isolate_custom_domain asks for them by this Host.
 */
export const BENCH_DOMAIN = "go.bench.example";
export const customDomainDestinationOf = (index: number) => `https://example.com/bench-domain/${index + 1}`;

export const codeOf = (index: number) => `bn${String(index + 1).padStart(7, "0")}`;
export const destinationOf = (index: number) => `https://example.com/bench/${index + 1}`;

/** A link index outside the protected set (which would answer 401 to these scenarios). */
export const unprotected = (layout: LinkLayout, index: number) =>
  index >= layout.protectedStart ? index - PROTECTED_SET : index;
