import { fromHex, leafHash, nodeHash, toHex } from "../../../../shared/ledger/verify.mjs";

/**
 * RFC 9162 Merkle trees over stored subtree hashes. A node `{ level, idx }`
 * is the hash of the complete subtree of leaves [idx·2^level, (idx+1)·2^level):
 * those never change once written, so a ledger stores each once and answers
 * any proof from O(log n) of them.
 */
export interface NodePos {
  level: number;
  idx: number;
}

/** A run of leaves [start, end). */
type Range = readonly [number, number];

/** Largest power of two strictly below n (n ≥ 2). */
const splitOf = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** The complete subtrees a range splits into, largest first; RFC 9162's MTH folds them from the right. */
export function decompose([start, end]: Range): NodePos[] {
  const out: NodePos[] = [];
  let a = start;
  while (a < end) {
    let size = 1;
    while (a % (size * 2) === 0 && a + size * 2 <= end) size *= 2;
    out.push({ level: Math.log2(size), idx: a / size });
    a += size;
  }
  return out;
}

/** The complete subtrees of a tree of `size` leaves: what an append combines with. */
export const peaks = (size: number) => decompose([0, size]);

/** RFC 9162 §2.1.3.1 PATH(m, D[start:end]) as the ranges whose hashes form the path, leaf side first. */
export function inclusionRanges(m: number, start: number, end: number): Range[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = splitOf(n);
  return m < k
    ? [...inclusionRanges(m, start, start + k), [start + k, end]]
    : [...inclusionRanges(m - k, start + k, end), [start, start + k]];
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:end], b) as ranges. */
function subproofRanges(m: number, start: number, end: number, complete: boolean): Range[] {
  const n = end - start;
  if (m === n) return complete ? [] : [[start, end]];
  const k = splitOf(n);
  return m <= k
    ? [...subproofRanges(m, start, start + k, complete), [start + k, end]]
    : [...subproofRanges(m - k, start + k, end, false), [start, start + k]];
}

/** RFC 9162 PROOF(first, D[second]) as ranges; empty when first is 0 or equals second. */
export const consistencyRanges = (first: number, second: number): Range[] =>
  first <= 0 || first >= second ? [] : subproofRanges(first, 0, second, true);

export const posKey = (p: NodePos) => `${p.level}:${p.idx}`;

/** Every stored node the given ranges need, once each. */
export function nodesFor(ranges: readonly Range[]): NodePos[] {
  const seen = new Map<string, NodePos>();
  for (const r of ranges) for (const p of decompose(r)) seen.set(posKey(p), p);
  return [...seen.values()];
}

const EMPTY_ROOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** MTH of a range from stored node hashes (hex), folding the complete subtrees from the right. */
export async function rangeHash(range: Range, nodes: ReadonlyMap<string, string>): Promise<string> {
  if (range[0] === range[1]) return EMPTY_ROOT;
  const parts = decompose(range).map((p) => {
    const h = nodes.get(posKey(p));
    if (!h) throw new Error(`ledger node ${posKey(p)} missing`);
    return fromHex(h)!;
  });
  let acc = parts.pop()!;
  while (parts.length) acc = await nodeHash(parts.pop()!, acc);
  return toHex(acc);
}

/**
 * The nodes an append of the leaf with hash `leaf` at index `size` writes:
 * the leaf and each subtree it completes, given the current peaks' hashes.
 */
export async function appendNodes(size: number, leaf: string, peakHashes: ReadonlyMap<string, string>): Promise<(NodePos & { hash: string })[]> {
  const out = [{ level: 0, idx: size, hash: leaf }];
  let { level, idx, hash } = out[0]!;
  while (idx % 2 === 1) {
    const sibling = peakHashes.get(posKey({ level, idx: idx - 1 }));
    if (!sibling) throw new Error(`ledger peak ${level}:${idx - 1} missing`);
    hash = toHex(await nodeHash(fromHex(sibling)!, fromHex(hash)!));
    level += 1;
    idx = (idx - 1) / 2;
    out.push({ level, idx, hash });
  }
  return out;
}

/** The leaf hash (hex) of a ledger entry's canonical bytes. */
export const leafHashHex = async (leaf: string) => toHex(await leafHash(leaf));
