import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, leafHash, nodeHash, toHex, verifyConsistency, verifyInclusion } from "../../../shared/ledger/verify.mjs";
import { appendNodes, consistencyRanges, inclusionRanges, nodesFor, peaks, posKey, rangeHash } from "../src/domain/merkle";

/** RFC 9162 §2.1.1 MTH straight from its definition: the reference the stored-node ledger must agree with. */
async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 0) return new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array()));
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}

/** A ledger built by appends only, as the store builds it: every node written once. */
async function build(entries: string[]) {
  const nodes = new Map<string, string>();
  const leaves: Uint8Array[] = [];
  for (const [i, e] of entries.entries()) {
    const leaf = await leafHash(e);
    leaves.push(leaf);
    for (const n of await appendNodes(i, toHex(leaf), nodes)) {
      expect(nodes.has(posKey(n))).toBe(false);
      nodes.set(posKey(n), n.hash);
    }
  }
  return { nodes, leaves };
}

const proofOf = async (nodes: Map<string, string>, ranges: (readonly [number, number])[]) => Promise.all(ranges.map((r) => rangeHash(r, nodes)));

const flip = (hex: string, byte: number, bit: number) => {
  const b = fromHex(hex)!;
  b[byte % b.length]! ^= 1 << bit;
  return toHex(b);
};

const treeAndLeaf = fc.integer({ min: 1, max: 70 }).chain((n) => fc.record({ n: fc.constant(n), m: fc.integer({ min: 0, max: n - 1 }) }));

describe("the Merkle ledger (RFC 9162)", () => {
  it("matches the RFC's known answers for the empty tree and one leaf", async () => {
    expect(toHex(await mth([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(await leafHash(""))).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  });

  it("computes the same root from stored nodes as MTH from all leaves, for every size", async () => {
    const entries = Array.from({ length: 40 }, (_, i) => `leaf-${i}`);
    const { nodes, leaves } = await build(entries);
    for (let n = 0; n <= entries.length; n++) {
      expect(await rangeHash([0, n], nodes)).toBe(toHex(await mth(leaves.slice(0, n))));
      expect(peaks(n).length).toBe(n.toString(2).replace(/0/g, "").length);
    }
  });

  it("verifies every inclusion proof for any leaf and tree size; any flipped byte fails", async () => {
    const { nodes, leaves } = await build(Array.from({ length: 70 }, (_, i) => `evidence ${i}`));
    await fc.assert(
      fc.asyncProperty(treeAndLeaf, fc.nat(), fc.integer({ min: 0, max: 7 }), async ({ n, m }, at, bit) => {
        const path = await proofOf(nodes, inclusionRanges(m, 0, n));
        expect(nodesFor(inclusionRanges(m, 0, n)).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n + 1)) + 1);
        const rootHash = await rangeHash([0, n], nodes);
        const proof = { leafHash: toHex(leaves[m]!), index: m, treeSize: n, path, rootHash };
        expect(await verifyInclusion(proof)).toBe(true);
        expect(await verifyInclusion({ ...proof, leafHash: flip(proof.leafHash, at, bit) })).toBe(false);
        expect(await verifyInclusion({ ...proof, rootHash: flip(rootHash, at, bit) })).toBe(false);
        if (path.length > 0) {
          const i = at % path.length;
          expect(await verifyInclusion({ ...proof, path: path.map((p, j) => (j === i ? flip(p, at, bit) : p)) })).toBe(false);
          expect(await verifyInclusion({ ...proof, path: path.slice(0, -1) })).toBe(false);
        }
        if (n > 1) expect(await verifyInclusion({ ...proof, index: (m + 1) % n })).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it("verifies consistency between any two sizes; tampering fails", async () => {
    const { nodes } = await build(Array.from({ length: 70 }, (_, i) => `evidence ${i}`));
    const sizes = fc.integer({ min: 0, max: 70 }).chain((b) => fc.record({ a: fc.integer({ min: 0, max: b }), b: fc.constant(b) }));
    await fc.assert(
      fc.asyncProperty(sizes, fc.nat(), fc.integer({ min: 0, max: 7 }), async ({ a, b }, at, bit) => {
        const path = await proofOf(nodes, consistencyRanges(a, b));
        const claim = { first: a, second: b, firstRoot: await rangeHash([0, a], nodes), secondRoot: await rangeHash([0, b], nodes), path };
        expect(await verifyConsistency(claim)).toBe(true);
        if (a > 0 && a < b) {
          expect(await verifyConsistency({ ...claim, firstRoot: flip(claim.firstRoot, at, bit) })).toBe(false);
          expect(await verifyConsistency({ ...claim, secondRoot: flip(claim.secondRoot, at, bit) })).toBe(false);
          const i = at % path.length;
          expect(await verifyConsistency({ ...claim, path: path.map((p, j) => (j === i ? flip(p, at, bit) : p)) })).toBe(false);
          expect(await verifyConsistency({ ...claim, path: path.slice(0, -1) })).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("answers false, never throws, on malformed proofs", async () => {
    const good = { leafHash: "00".repeat(32), index: 0, treeSize: 1, path: [], rootHash: "00".repeat(32) };
    expect(await verifyInclusion(good)).toBe(true);
    for (const bad of [
      { ...good, leafHash: "zz" },
      { ...good, path: null as unknown as string[] },
      { ...good, path: ["abc"] },
      { ...good, index: -1 },
      { ...good, index: 1.5 },
      { ...good, treeSize: 0 },
      { ...good, rootHash: undefined as unknown as string },
      null as unknown as typeof good,
    ]) {
      expect(await verifyInclusion(bad)).toBe(false);
    }
    expect(await verifyConsistency({ first: 2, second: 1, firstRoot: "00".repeat(32), secondRoot: "00".repeat(32), path: [] })).toBe(false);
    expect(await verifyConsistency(undefined as never)).toBe(false);
  });
});

describe("hex, as proofs and tree heads carry hashes", () => {
  it("round-trips any bytes through lower-case hex", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = toHex(bytes);
        expect(hex).toMatch(/^(?:[0-9a-f]{2})*$/);
        expect(hex).toBe(Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""));
        expect(fromHex(hex)).toEqual(bytes);
      }),
    );
  });

  it("refuses anything but lower-case hex of whole bytes", () => {
    for (const bad of ["abc", "AB", "0g", "zz", "0x", " 00", "é0", "\u0660\u0661", 12 as unknown as string, null as unknown as string]) {
      expect(fromHex(bad)).toBeNull();
    }
    expect(fromHex("")).toEqual(new Uint8Array());
  });
});
