/**
 * A user's `q` as a safe search: words only. Every run of letters, digits and
 * marks is one term; FTS5 syntax (quotes, `*`, `^`, `:`, parentheses, NEAR,
 * AND/OR/NOT as operators) cannot survive because each term is quoted as a
 * phrase. The trigram index finds terms of 3+ characters; shorter ones (two
 * CJK characters are a whole word) become LIKE patterns with wildcards escaped.
 */
export interface SearchPlan {
  /** An FTS5 MATCH expression, or null when every term is short. */
  match: string | null;
  /** LIKE patterns (ESCAPE '\') each of which title or description must contain. */
  like: string[];
}

const TERM = /[\p{L}\p{N}\p{M}]+/gu;
const MAX_TERMS = 8;

/** Null when `q` holds no searchable term at all (only punctuation or operators). */
export function planSearch(q: string): SearchPlan | null {
  const terms = [...new Set((q.normalize("NFKC").match(TERM) ?? []).map((t) => t.toLowerCase()))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3);
  return {
    match: long.length > 0 ? long.map((t) => `"${t}"`).join(" AND ") : null,
    like: short.map((t) => `%${t.replace(/[\\%_]/g, "\\$&")}%`),
  };
}
