/**
 * A user's `q` as a safe search: words only. Every run of letters, digits and
 * marks is one term; FTS5 syntax (quotes, `*`, `^`, `:`, parentheses, NEAR,
 * AND/OR/NOT as operators) cannot survive because each term is quoted as a
 * phrase. The trigram index finds terms of 3+ characters; shorter ones (two
 * CJK characters are a whole word) become LIKE patterns with wildcards escaped.
 * Every search is scoped to one tenant inside the index (`tenantMatch`), so a
 * LIKE only ever reads that tenant's rows; at most MAX_SHORT_TERMS of them.
 */
export interface SearchPlan {
  /** An FTS5 MATCH expression, or null when every term is short. */
  match: string | null;
  /** LIKE patterns (ESCAPE '\') each of which title or description must contain. */
  like: string[];
  /**
   * Whether every term is short and written in Chinese, Japanese or Korean, where a word of one or two characters
   * is an ordinary search (咖啡, coffee), not a probe: a buyer may make it though it scans the tenant's rows.
   */
  shortWordsOnly: boolean;
}

const TERM = /[\p{L}\p{N}\p{M}]+/gu;
const MAX_TERMS = 8;
/** The trigram index finds a term only from this many characters; shorter ones are LIKEs. */
export const MIN_INDEXED_TERM = 3;
/** Scripts whose words are often one or two characters long. */
const SHORT_WORD_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{M}]+$/u;
/** Each short term is a LIKE over the tenant's candidate rows: two bound what one query can cost. */
export const MAX_SHORT_TERMS = 2;
/**
 * A search of short terms alone LIKEs only this many of the tenant's most recently written translations (about
 * 400 listings in 5 languages): best-effort past that, so no buyer can make one request read a whole large catalog.
 */
export const SHORT_SEARCH_ROWS = 2000;

/** Null when `q` holds no searchable term at all (only punctuation or operators). */
export function planSearch(q: string): SearchPlan | null {
  const terms = [...new Set((q.normalize("NFKC").match(TERM) ?? []).map((t) => t.toLowerCase()))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const long = terms.filter((t) => [...t].length >= MIN_INDEXED_TERM);
  const short = terms.filter((t) => [...t].length < MIN_INDEXED_TERM).slice(0, MAX_SHORT_TERMS);
  return {
    match: long.length > 0 ? long.map((t) => `"${t}"`).join(" AND ") : null,
    like: short.map((t) => `%${t.replace(/[\\%_]/g, "\\$&")}%`),
    shortWordsOnly: long.length === 0 && short.every((t) => SHORT_WORD_SCRIPT.test(t)),
  };
}

/** How much of a tenant id's end the MATCH narrows by: 12 characters of its random part (ids end in 80 random bits). */
const TENANT_TAIL = 12;

/**
 * The tenant as FTS5 terms: the trigrams tiling the end of its id, ANDed.
 * Each is one token (no positions to check), and the shared start of every id
 * (`ten_01…`) is left out, because its trigrams occur in every row of the
 * table. Rows of another tenant whose id holds the same trigrams would match
 * too; the query compares `tenant_id` exactly as well, so this only narrows.
 */
export function tenantTerms(tenantId: string): string {
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const tail = tenantId.slice(-TENANT_TAIL);
  if (tail.length < 3) return quote(tenantId);
  const grams = new Set<string>();
  for (let end = tail.length; end >= 3; end -= 3) grams.add(tail.slice(end - 3, end));
  return [...grams].map(quote).join(" AND ");
}

/**
 * The FTS5 MATCH of a search: the tenant's own rows (`tenant_id` is an indexed
 * column, matched by `tenantTerms`) and, when there are long terms, those
 * terms in title or description. Quotes in a tenant id are doubled.
 */
export function tenantMatch(tenantId: string, plan: SearchPlan): string {
  const tenant = `{tenant_id} : (${tenantTerms(tenantId)})`;
  return plan.match ? `${tenant} AND {title description} : (${plan.match})` : tenant;
}
