/**
 * Rendezvous (highest-random-weight) hashing: every caller that knows the
 * same candidate set picks the same node for a key, in any order, and taking
 * one node away moves only the keys that were on it (Thaler & Ravishankar,
 * 1998). Weighted by capacity with the logarithmic method (Schindelhauer &
 * Schomaker, 2005): key k lands on node n with probability w_n / Σw.
 */

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain, bryc). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The weight-scaled score of `nodeId` for `key`: higher wins. */
export function hrwScore(key: string, nodeId: string, weight = 1): number {
  // u in (0, 1), never 0 or 1, so the logarithm is finite and negative.
  const u = (hash53(`${key}\u0000${nodeId}`) + 0.5) / 2 ** 53;
  return weight / -Math.log(u);
}

/** The candidate `key` lands on, or null for no candidates. Independent of the candidates' order. */
export function hrwPick<T extends { id: string }>(key: string, candidates: T[], weightOf: (c: T) => number = () => 1): T | null {
  let best: T | null = null;
  let bestScore = -Infinity;
  for (const c of candidates) {
    const s = hrwScore(key, c.id, weightOf(c));
    if (s > bestScore || (s === bestScore && best !== null && c.id < best.id)) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
