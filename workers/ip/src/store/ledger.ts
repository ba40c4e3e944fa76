import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { ipEvidence, ipLedgerHeads, ipLedgerNodes } from "../../../../shared/db/schema";
import { appendNodes, leafHashHex, nodesFor, peaks, posKey, rangeHash, type NodePos } from "../domain/merkle";
import type { Db } from "./db";

export type EvidenceRow = typeof ipEvidence.$inferSelect;
export type NewEvidence = Omit<EvidenceRow, "leafIndex" | "leafHash" | "requestKey">;

/** The bytes a ledger leaf hashes: the evidence record in a fixed field order, so anyone can recompute it. */
export function canonicalLeaf(e: Omit<EvidenceRow, "leafHash" | "requestKey">): string {
  return JSON.stringify({
    v: 1,
    id: e.id,
    tenantId: e.tenantId,
    index: e.leafIndex,
    sha256: e.sha256,
    source: e.source,
    contentType: e.contentType,
    size: e.size,
    filename: e.filename,
    url: e.url,
    title: e.title,
    capturedAt: e.capturedAt,
    receivedAt: e.receivedAt,
  });
}

export interface Head {
  treeSize: number;
  rootHash: string;
}

const EMPTY: Head = { treeSize: 0, rootHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" };

export async function head(db: Db, tenantId: string): Promise<Head> {
  const [row] = await db.select().from(ipLedgerHeads).where(eq(ipLedgerHeads.tenantId, tenantId));
  return row ? { treeSize: row.treeSize, rootHash: row.rootHash } : EMPTY;
}

/** D1 binds at most 100 parameters: the tenant plus two per node; the tenant plus this many ids. */
const IDS_PER_QUERY = 90;
const NODES_PER_QUERY = 45;
const NODE_ROWS_PER_INSERT = 24;

/** The stored hashes of the given nodes, keyed by `level:idx`. */
export async function nodeHashes(db: Db, tenantId: string, positions: readonly NodePos[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < positions.length; i += NODES_PER_QUERY) {
    const chunk = positions.slice(i, i + NODES_PER_QUERY);
    const rows = await db
      .select()
      .from(ipLedgerNodes)
      .where(and(eq(ipLedgerNodes.tenantId, tenantId), or(...chunk.map((p) => and(eq(ipLedgerNodes.level, p.level), eq(ipLedgerNodes.idx, p.idx))))));
    for (const r of rows) out.set(posKey(r), r.hash);
  }
  return out;
}

/** Hashes of the given ranges of the first leaves: what a proof lists. */
export async function rangeHashes(db: Db, tenantId: string, ranges: (readonly [number, number])[]): Promise<string[]> {
  const nodes = await nodeHashes(db, tenantId, nodesFor(ranges));
  return Promise.all(ranges.map((r) => rangeHash(r, nodes)));
}

/** A record to append, and the digest of the request that asked for it (see `ipEvidence.requestKey`). */
export interface AppendItem {
  record: NewEvidence;
  requestKey: string | null;
}

/** One appended (or, for a retried request, earlier) record; `fresh` says it was written by this batch. */
export interface Appended {
  evidence: EvidenceRow;
  fresh: boolean;
}

/** Evidence rows a batch may write in one D1 batch: 13 bound columns each, one statement a row. */
export const MAX_APPEND_BATCH = 64;
/** A second writer (only during a deploy's overlap of two LedgerWriter generations) can take the same positions: retry this often. */
const MAX_ATTEMPTS = 5;

const isConflict = (err: unknown) => /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(String((err as Error)?.message ?? err) + String((err as { cause?: unknown })?.cause ?? ""));

/** Earlier leaves of the tenant made by the given requests, by request key. */
async function byRequestKeys(db: Db, tenantId: string, keys: readonly string[]): Promise<Map<string, EvidenceRow>> {
  const out = new Map<string, EvidenceRow>();
  for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
    const rows = await db
      .select()
      .from(ipEvidence)
      .where(and(eq(ipEvidence.tenantId, tenantId), inArray(ipEvidence.requestKey, keys.slice(i, i + IDS_PER_QUERY))));
    for (const r of rows) out.set(r.requestKey!, r);
  }
  return out;
}

/**
 * The tree's tip as its writer last left it: its size and the hashes of its
 * peaks, all an append needs. The single writer keeps it in memory so a batch
 * costs one D1 round trip (the write), not three.
 */
export interface Tip {
  treeSize: number;
  peaks: Map<string, string>;
}

async function readTip(db: Db, tenantId: string): Promise<Tip> {
  const { treeSize } = await head(db, tenantId);
  return { treeSize, peaks: await nodeHashes(db, tenantId, peaks(treeSize)) };
}

/**
 * Appends a batch of one tenant's records as the next leaves of its tree: the
 * records, every node they complete and the new head go to D1 in one batch
 * (one transaction), so the head advances once per batch. A record whose
 * request already made a leaf gets that leaf back instead of a second one.
 * Only the tenant's LedgerWriter calls this, passing the tip it left (`tip`;
 * read from D1 when absent) and keeping the one returned. As the log's single
 * writer it never races; the head's guard and the unique leaf position still
 * refuse a second writer (or a stale tip), which then re-reads the tree from
 * D1 and tries again.
 */
export async function appendBatch(
  db: Db,
  tenantId: string,
  items: readonly AppendItem[],
  tip?: Tip,
): Promise<{ results: Appended[]; head: Head; nodes: Map<string, string>; tip: Tip }> {
  if (items.length > MAX_APPEND_BATCH) throw new Error(`at most ${MAX_APPEND_BATCH} records a batch`);
  for (const item of items) if (item.record.tenantId !== tenantId) throw new Error("a batch holds one tenant's records");
  const keys = [...new Set(items.flatMap((i) => (i.requestKey ? [i.requestKey] : [])))];
  for (let attempt = 0; ; attempt++) {
    const earlier = await byRequestKeys(db, tenantId, keys);
    const start = attempt === 0 && tip ? tip : await readTip(db, tenantId);
    const n = start.treeSize;
    const nodes = new Map(start.peaks);
    const results: Appended[] = [];
    const rows: EvidenceRow[] = [];
    const written: (NodePos & { hash: string })[] = [];
    for (const { record, requestKey } of items) {
      const prior = requestKey ? earlier.get(requestKey) : undefined;
      if (prior) {
        results.push({ evidence: prior, fresh: rows.includes(prior) });
        continue;
      }
      const evidence: EvidenceRow = { ...record, requestKey, leafIndex: n + rows.length, leafHash: "" };
      evidence.leafHash = await leafHashHex(canonicalLeaf(evidence));
      const nodesOfLeaf = await appendNodes(evidence.leafIndex, evidence.leafHash, nodes);
      for (const w of nodesOfLeaf) nodes.set(posKey(w), w.hash);
      written.push(...nodesOfLeaf);
      rows.push(evidence);
      if (requestKey) earlier.set(requestKey, evidence);
      results.push({ evidence, fresh: true });
    }
    const size = n + rows.length;
    const rootHash = await rangeHash([0, size], nodes);
    const tipAfter = (): Tip => ({ treeSize: size, peaks: new Map(peaks(size).map((p) => [posKey(p), nodes.get(posKey(p))!])) });
    if (rows.length === 0) return { results, head: { treeSize: n, rootHash }, nodes, tip: tipAfter() };
    const nodeRows = written.map((w) => ({ tenantId, ...w }));
    const nodeInserts = [];
    for (let i = 0; i < nodeRows.length; i += NODE_ROWS_PER_INSERT) nodeInserts.push(db.insert(ipLedgerNodes).values(nodeRows.slice(i, i + NODE_ROWS_PER_INSERT)));
    const at = rows[rows.length - 1]!.receivedAt;
    try {
      await db.batch([
        db.insert(ipLedgerHeads)
          .values({ tenantId, treeSize: size, rootHash, updatedAt: at })
          .onConflictDoUpdate({ target: ipLedgerHeads.tenantId, set: { treeSize: size, rootHash, updatedAt: at }, setWhere: sql`${ipLedgerHeads.treeSize} = ${n}` }),
        ...rows.map((r) => db.insert(ipEvidence).values(r)),
        ...nodeInserts,
      ]);
      return { results, head: { treeSize: size, rootHash }, nodes, tip: tipAfter() };
    } catch (err) {
      if (!isConflict(err) || attempt + 1 >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }
}

export async function getEvidence(db: Db, tenantId: string, id: string): Promise<EvidenceRow | null> {
  const [row] = await db.select().from(ipEvidence).where(and(eq(ipEvidence.tenantId, tenantId), eq(ipEvidence.id, id)));
  return row ?? null;
}

export async function listEvidence(db: Db, tenantId: string, limit: number, afterId?: string): Promise<EvidenceRow[]> {
  return db
    .select()
    .from(ipEvidence)
    .where(and(eq(ipEvidence.tenantId, tenantId), afterId ? gt(ipEvidence.id, afterId) : undefined))
    .orderBy(asc(ipEvidence.id))
    .limit(limit);
}

/** The tenant's evidence among `ids` (others' and unknown ids are simply absent); any number of ids, in chunks under D1's limit. */
export async function evidenceByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<EvidenceRow[]> {
  const out: EvidenceRow[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    out.push(...(await db.select().from(ipEvidence).where(and(eq(ipEvidence.tenantId, tenantId), inArray(ipEvidence.id, chunk)))));
  }
  return out;
}
