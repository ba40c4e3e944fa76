/**
 * Upkeep of the search index (`listing_search`, FTS5). Every write of a translation adds a small segment to it, and
 * an edit leaves the old row's entries behind as delete markers until a merge; a query looks each of its trigrams up
 * in every segment. Left to FTS5's own automerge, the demo catalog after its migrations read `kopfhörer` for its
 * tenant in 378 µs of SQLite, against 192 µs once merged (measured per statement in D1 on this machine).
 * So a cron merges it a bounded step at a time, as FTS5 intends for large indexes (`'merge'`, not `'optimize'`,
 * which rewrites the whole index in one statement however big it is).
 */

/** Leaf pages one merge step writes at most (FTS5 pages are 4 KB: ~1 MB a step, so the step holds D1's writer briefly). */
export const MERGE_PAGES = 256;
/** Merge steps a cron run makes at most: a few of D1's 1,000 statements an invocation. */
export const MERGE_STEPS = 8;

const CHANGES = "SELECT total_changes() AS n";

/**
 * Runs merge steps until the index reports nothing left to merge or `steps` ran; answers how many ran. FTS5 says a
 * step did work by the connection's `total_changes()` moving by 2 or more: D1's own `changes` counts only the
 * statement's one row, so each step is read between two readings of it, in one batch (one connection).
 */
export async function mergeSearchIndex(d1: D1Database, steps = MERGE_STEPS, pages = MERGE_PAGES): Promise<number> {
  const merge = d1.prepare("INSERT INTO listing_search (listing_search, rank) VALUES ('merge', ?1)").bind(pages);
  for (let step = 1; step <= steps; step++) {
    const [before, , after] = await d1.batch<{ n: number }>([d1.prepare(CHANGES), merge, d1.prepare(CHANGES)]);
    if (after!.results[0]!.n - before!.results[0]!.n < 2) return step;
  }
  return steps;
}
