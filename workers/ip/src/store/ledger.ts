import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { ipEvidence, ipLedgerHeads, ipLedgerNodes } from "../../../../shared/db/schema";
import { ProblemError } from "../../../../shared/http/problem";
import { appendNodes, leafHashHex, nodesFor, peaks, posKey, rangeHash, type NodePos } from "../domain/merkle";
import type { Db } from "./db";

export type EvidenceRow = typeof ipEvidence.$inferSelect;
export type NewEvidence = Omit<EvidenceRow, "leafIndex" | "leafHash">;

/** The bytes a ledger leaf hashes: the evidence record in a fixed field order, so anyone can recompute it. */
export function canonicalLeaf(e: Omit<EvidenceRow, "leafHash">): string {
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

/** D1 binds at most 100 parameters: the tenant plus two per node. */
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

/** Appends racing for one tenant's next position retry, with jitter, this many times before a 503. */
const MAX_ATTEMPTS = 10;

const isConflict = (err: unknown) => /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(String((err as Error)?.message ?? err) + String((err as { cause?: unknown })?.cause ?? ""));

/** Per-isolate queue of appends per tenant: within one isolate they never race, so only appends from other isolates retry. */
const queues = new Map<string, Promise<unknown>>();

function inTurn<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(tenantId) ?? Promise.resolve();
  const mine = previous.then(work, work);
  const tail = mine.catch(() => undefined);
  queues.set(tenantId, tail);
  void tail.then(() => queues.get(tenantId) === tail && queues.delete(tenantId));
  return mine;
}

/**
 * Appends one evidence record as the next leaf of the tenant's tree: the
 * record, the nodes it completes and the new head go in one batch. Appends
 * from two isolates race for the same leaf position; the primary key lets one
 * win and the other retries on the new tree, with jittered backoff.
 */
export function appendEvidence(db: Db, e: NewEvidence): Promise<{ evidence: EvidenceRow; head: Head; nodes: Map<string, string> }> {
  return inTurn(e.tenantId, () => appendOnce(db, e));
}

/** One append without the isolate's queue: what appends from different isolates do (exported so tests can race them). */
export async function appendOnce(db: Db, e: NewEvidence): Promise<{ evidence: EvidenceRow; head: Head; nodes: Map<string, string> }> {
  for (let attempt = 0; ; attempt++) {
    const { treeSize: n } = await head(db, e.tenantId);
    const nodes = await nodeHashes(db, e.tenantId, peaks(n));
    const evidence: EvidenceRow = { ...e, leafIndex: n, leafHash: "" };
    evidence.leafHash = await leafHashHex(canonicalLeaf(evidence));
    const written = await appendNodes(n, evidence.leafHash, nodes);
    for (const w of written) nodes.set(posKey(w), w.hash);
    const rootHash = await rangeHash([0, n + 1], nodes);
    const rows = written.map((w) => ({ tenantId: e.tenantId, ...w }));
    const inserts = [];
    for (let i = 0; i < rows.length; i += NODE_ROWS_PER_INSERT) inserts.push(db.insert(ipLedgerNodes).values(rows.slice(i, i + NODE_ROWS_PER_INSERT)));
    try {
      await db.batch([
        db.insert(ipEvidence).values(evidence),
        ...inserts,
        db
          .insert(ipLedgerHeads)
          .values({ tenantId: e.tenantId, treeSize: n + 1, rootHash, updatedAt: e.receivedAt })
          .onConflictDoUpdate({ target: ipLedgerHeads.tenantId, set: { treeSize: n + 1, rootHash, updatedAt: e.receivedAt }, setWhere: sql`${ipLedgerHeads.treeSize} = ${n}` }),
      ]);
      return { evidence, head: { treeSize: n + 1, rootHash }, nodes };
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (attempt >= MAX_ATTEMPTS) throw new ProblemError(503, "ledger_busy", "Too many appends to this ledger at once; retry shortly.", undefined, { "retry-after": "1" });
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
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

/** D1 binds at most 100 parameters: the tenant plus this many ids. */
const IDS_PER_QUERY = 90;

/** The tenant's evidence among `ids` (others' and unknown ids are simply absent); any number of ids, in chunks under D1's limit. */
export async function evidenceByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<EvidenceRow[]> {
  const out: EvidenceRow[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    out.push(...(await db.select().from(ipEvidence).where(and(eq(ipEvidence.tenantId, tenantId), inArray(ipEvidence.id, chunk)))));
  }
  return out;
}
