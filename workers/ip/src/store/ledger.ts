import { and, asc, eq, getTableColumns, gt, inArray, or, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
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

/** Most records one batch integrates (one tree-head update each batch). */
export const MAX_APPEND_BATCH = 64;

const isConflict = (err: unknown) => /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(String((err as Error)?.message ?? err) + String((err as { cause?: unknown })?.cause ?? ""));

/** Earlier leaves of the tenant in D1 made by the given requests, by request key. */
export async function byRequestKeys(db: Db, tenantId: string, keys: readonly string[]): Promise<Map<string, EvidenceRow>> {
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
 * The tree's tip: its size, root and the hashes of its peaks, all an append
 * needs. The single writer keeps it, so an append never reads the tree.
 */
export interface Tip {
  treeSize: number;
  rootHash: string;
  peaks: Map<string, string>;
}

/** The tip of the tree D1 holds (how a writer starts on a ledger written before it kept its own). */
export async function readTip(db: Db, tenantId: string): Promise<Tip> {
  const h = await head(db, tenantId);
  return { ...h, peaks: await nodeHashes(db, tenantId, peaks(h.treeSize)) };
}

/** What integrating a batch produced: the answers, the new leaves and nodes, and the tip after it. */
export interface Integrated {
  results: Appended[];
  rows: EvidenceRow[];
  written: (NodePos & { hash: string })[];
  /** Every node hash the batch's proofs need (the old peaks and all it wrote). */
  nodes: Map<string, string>;
  tip: Tip;
}

/**
 * Integrates a batch of one tenant's records as the next leaves after `tip`:
 * leaf hashes, the subtrees they complete and the new root, computed once for
 * the whole batch. `earlier(key)` finds the leaf a retried request already
 * made, which is answered instead of a second leaf. Pure but for hashing.
 */
export async function integrate(
  tenantId: string,
  items: readonly AppendItem[],
  tip: Tip,
  earlier: (requestKey: string) => EvidenceRow | undefined,
): Promise<Integrated> {
  if (items.length > MAX_APPEND_BATCH) throw new Error(`at most ${MAX_APPEND_BATCH} records a batch`);
  const n = tip.treeSize;
  const nodes = new Map(tip.peaks);
  const results: Appended[] = [];
  const rows: EvidenceRow[] = [];
  const written: (NodePos & { hash: string })[] = [];
  const inBatch = new Map<string, EvidenceRow>();
  for (const { record, requestKey } of items) {
    if (record.tenantId !== tenantId) throw new Error("a batch holds one tenant's records");
    const prior = requestKey ? (inBatch.get(requestKey) ?? earlier(requestKey)) : undefined;
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
    if (requestKey) inBatch.set(requestKey, evidence);
    results.push({ evidence, fresh: true });
  }
  const size = n + rows.length;
  const rootHash = rows.length === 0 ? tip.rootHash : await rangeHash([0, size], nodes);
  const tipAfter = { treeSize: size, rootHash, peaks: new Map(peaks(size).map((p) => [posKey(p), nodes.get(posKey(p))!])) };
  return { results, rows, written, nodes, tip: tipAfter };
}

/**
 * One INSERT of any number of rows, bound as a single JSON array that SQLite
 * unpacks with `json_each`: a copy is one statement a table whatever its size,
 * with one bound parameter instead of one per column and row. Bound
 * parameters are what a D1 statement costs most to send and check (the local
 * simulator parsed each one, and the copy's ~17 a leaf took more CPU than the
 * rest of an append), and D1's 100-parameter limit no longer splits a copy.
 * Every column of the table is taken from the row's property of the same
 * (JavaScript) name; a missing one is NULL.
 */
function insertFromJson<T extends SQLiteTable>(db: Db, table: T, rows: readonly T["$inferInsert"][]) {
  // drizzle names the table's columns in this same order.
  const values = Object.keys(getTableColumns(table)).map((key) => sql`json_extract(value, ${sql.raw(`'$.${key}'`)})`);
  return db.insert(table).select(sql`SELECT ${sql.join(values, sql`, `)} FROM json_each(${JSON.stringify(rows)})`);
}

/**
 * Copies leaves [from, head.treeSize) with the nodes they complete into D1
 * and moves D1's head from `from` to `head`, in one D1 batch (one
 * transaction) of three statements. D1 is the ledger's read model: lists,
 * proofs, cases and the append-only triggers all work on it. Answers the head
 * D1 then holds. A copy that already landed unnoted (D1 answered an error
 * after committing, or the writer died first) is recognised, not an error:
 * D1 at `to`, or at a batch end the writer still holds (`isBatchEnd`), as
 * when the unnoted copy ended inside this one because more batches arrived
 * before the retry. Any other disagreement (D1's tree is not the writer's)
 * throws.
 */
export async function copyToD1(
  db: Db,
  tenantId: string,
  from: number,
  rows: readonly EvidenceRow[],
  written: readonly (NodePos & { hash: string })[],
  to: Head,
  isBatchEnd: (h: Head) => boolean = () => false,
): Promise<Head> {
  const at = rows[rows.length - 1]?.receivedAt ?? new Date().toISOString();
  const inserts = [];
  if (rows.length > 0) inserts.push(insertFromJson(db, ipEvidence, rows));
  if (written.length > 0) inserts.push(insertFromJson(db, ipLedgerNodes, written.map((w) => ({ tenantId, level: w.level, idx: w.idx, hash: w.hash }))));
  try {
    await db.batch([
      db.insert(ipLedgerHeads)
        .values({ tenantId, treeSize: to.treeSize, rootHash: to.rootHash, updatedAt: at })
        .onConflictDoUpdate({ target: ipLedgerHeads.tenantId, set: { treeSize: to.treeSize, rootHash: to.rootHash, updatedAt: at }, setWhere: sql`${ipLedgerHeads.treeSize} = ${from}` }),
      ...inserts,
    ]);
    return to;
  } catch (err) {
    if (!isConflict(err)) throw err;
    const now = await head(db, tenantId);
    if (now.treeSize === to.treeSize && now.rootHash === to.rootHash) return to;
    if (now.treeSize > from && isBatchEnd(now)) return now;
    throw new Error(`ledger of ${tenantId} in D1 is at ${now.treeSize} (${now.rootHash}), not the writer's ${from} → ${to.treeSize}`, { cause: err });
  }
}

export async function getEvidence(db: Db, tenantId: string, id: string): Promise<EvidenceRow | null> {
  const [row] = await db.select().from(ipEvidence).where(and(eq(ipEvidence.tenantId, tenantId), eq(ipEvidence.id, id)));
  return row ?? null;
}

/**
 * A page of the tenant's evidence in ledger order, after the leaf `afterIndex`. Not by id: an id is drawn
 * before its append, so a leaf can land after a page that ended past its id, and would never be listed.
 */
export async function listEvidence(db: Db, tenantId: string, limit: number, afterIndex?: number): Promise<EvidenceRow[]> {
  return db
    .select()
    .from(ipEvidence)
    .where(and(eq(ipEvidence.tenantId, tenantId), afterIndex === undefined ? undefined : gt(ipEvidence.leafIndex, afterIndex)))
    .orderBy(asc(ipEvidence.leafIndex))
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
