import { foldText } from "./fold";

/**
 * A user's `q` as a safe search: words only. Every run of letters, digits and
 * marks is one term; FTS5 syntax (quotes, `*`, `^`, `:`, parentheses, NEAR,
 * AND/OR/NOT as operators) cannot survive because each term is quoted as a
 * phrase. The trigram index finds terms of 3+ characters; shorter ones (two
 * CJK characters are a whole word) become LIKE patterns with wildcards escaped,
 * over the translations' folded text (`searchableText`), folded as the index
 * folds. Every search is scoped to one tenant inside the index (`tenantMatch`),
 * so a LIKE only ever reads that tenant's rows; at most MAX_SHORT_TERMS of them.
 */
export interface SearchPlan {
  /** An FTS5 MATCH expression, or null when every term is short. */
  match: string | null;
  /** LIKE patterns (ESCAPE '\'), folded, each of which the folded title or description must contain. */
  like: string[];
  /**
   * Whether every term is short and written in Chinese, Japanese or Korean, where a word of one or two characters
   * is an ordinary search (咖啡, coffee), not a probe: a buyer may make it though it scans the tenant's rows.
   */
  shortWordsOnly: boolean;
}

/** Why a `q` cannot be searched as given (a sentence, and a few words for the field); the route answers 400 naming `q`. */
export interface SearchRefusal {
  refused: string;
  field: string;
}

const TERM = /[\p{L}\p{N}\p{M}]+/gu;
/** Words a search keeps; past this `q` is refused, not cut (a word left out would widen the answer unseen). */
export const MAX_TERMS = 8;
/** The trigram index finds a term only from this many characters; shorter ones are LIKEs. */
export const MIN_INDEXED_TERM = 3;
/** Scripts whose words are often one or two characters long. */
const SHORT_WORD_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{M}]+$/u;
/** Each short term is a LIKE over the tenant's candidate rows: two bound what one query can cost (more are refused). */
export const MAX_SHORT_TERMS = 2;
/**
 * A search of short terms alone LIKEs only this many of the tenant's most recently written translations (about
 * 400 listings in 5 languages): best-effort past that, so no buyer can make one request read a whole large catalog.
 */
export const SHORT_SEARCH_ROWS = 2000;

/**
 * The text short terms are looked for in: a translation's title and description, folded (`foldText`), one line
 * each (a term has no line break, so it cannot match across them). Stored with each translation (migration
 * 0036's `folded`, whose view builds the same text in SQL).
 */
export const searchableText = (t: { title: string; description: string }) => foldText(`${t.title}\n${t.description}`);

const NO_WORDS: SearchRefusal = { refused: "The search query has no words to search for.", field: "no searchable words" };

/** The plan of `q`, or why it cannot be searched: no searchable term (only punctuation or operators), or too many. */
export function planSearch(q: string): SearchPlan | SearchRefusal {
  const terms = [...new Set((q.normalize("NFKC").match(TERM) ?? []).map((t) => t.toLowerCase()))];
  if (terms.length === 0) return NO_WORDS;
  if (terms.length > MAX_TERMS) {
    return { refused: `The search query has ${terms.length} different words; it may have at most ${MAX_TERMS}.`, field: `at most ${MAX_TERMS} words` };
  }
  const long = terms.filter((t) => [...t].length >= MIN_INDEXED_TERM);
  const shortTerms = terms.filter((t) => [...t].length < MIN_INDEXED_TERM);
  // Folded as the index folds, so `Ü` and `u` are one word; a word of combining marks alone folds to nothing (any text has it).
  const folded = [...new Set(shortTerms.map(foldText))].filter((t) => t !== "");
  if (folded.length > MAX_SHORT_TERMS) {
    return {
      refused: `The search query has ${folded.length} different words shorter than ${MIN_INDEXED_TERM} characters; it may have at most ${MAX_SHORT_TERMS}.`,
      field: `at most ${MAX_SHORT_TERMS} words shorter than ${MIN_INDEXED_TERM} characters`,
    };
  }
  if (long.length === 0 && folded.length === 0) return NO_WORDS;
  return {
    match: long.length > 0 ? long.map((t) => `"${t}"`).join(" AND ") : null,
    like: folded.map((t) => `%${t.replace(/[\\%_]/g, "\\$&")}%`),
    shortWordsOnly: long.length === 0 && shortTerms.every((t) => SHORT_WORD_SCRIPT.test(t)),
  };
}

/** Whether `planSearch` refused its `q`. */
export const isRefusal = (plan: SearchPlan | SearchRefusal): plan is SearchRefusal => "refused" in plan;

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
