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
}

const TERM = /[\p{L}\p{N}\p{M}]+/gu;
const MAX_TERMS = 8;
/** Each short term is a LIKE over the tenant's candidate rows: two bound what one query can cost. */
export const MAX_SHORT_TERMS = 2;

/** Null when `q` holds no searchable term at all (only punctuation or operators). */
export function planSearch(q: string): SearchPlan | null {
  const terms = [...new Set((q.normalize("NFKC").match(TERM) ?? []).map((t) => t.toLowerCase()))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const long = terms.filter((t) => [...t].length >= 3);
  const short = terms.filter((t) => [...t].length < 3).slice(0, MAX_SHORT_TERMS);
  return {
    match: long.length > 0 ? long.map((t) => `"${t}"`).join(" AND ") : null,
    like: short.map((t) => `%${t.replace(/[\\%_]/g, "\\$&")}%`),
  };
}

/**
 * The FTS5 MATCH of a search: the tenant's own rows (`tenant_id` is an indexed
 * column) and, when there are long terms, those terms in title or description.
 * Tenant ids are `[A-Za-z0-9_]`; quotes are doubled all the same.
 */
export function tenantMatch(tenantId: string, plan: SearchPlan): string {
  const tenant = `{tenant_id} : "${tenantId.replace(/"/g, '""')}"`;
  return plan.match ? `${tenant} AND {title description} : (${plan.match})` : tenant;
}
