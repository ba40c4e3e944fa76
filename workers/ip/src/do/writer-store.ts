import type { NodePos } from "../domain/merkle";
import type { EvidenceRow, Head, Tip } from "../store/ledger";

/**
 * The LedgerWriter's own SQLite: the only place that speaks it. It holds the
 * tree's tip, the batches not yet copied to D1 and the request keys of every
 * leaf the writer made, so an append is answered from here with no D1 round
 * trip, and durably: a Durable Object's answer leaves only after its storage
 * writes are committed.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS tip (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tenant_id TEXT NOT NULL,
  tree_size INTEGER NOT NULL,
  root_hash TEXT NOT NULL,
  peaks TEXT NOT NULL,
  copied INTEGER NOT NULL,
  keys_in_d1 INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS uncopied (
  from_size INTEGER PRIMARY KEY,
  tree_size INTEGER NOT NULL,
  root_hash TEXT NOT NULL,
  rows TEXT NOT NULL,
  nodes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS request_keys (key TEXT PRIMARY KEY, row TEXT NOT NULL);
`;

/** The writer's state: whose ledger, its tip, how much of it D1 holds, and whether older request keys live only in D1. */
export interface WriterState {
  tenantId: string;
  tip: Tip;
  /** Leaves [0, copied) are in D1. */
  copied: number;
  /** The ledger was started before the writer kept request keys: look a key up in D1 when it is not here. */
  keysInD1: boolean;
}

/** Batches written here but not yet in D1, oldest first, as one copy: at least one batch, about `maxLeaves` leaves. */
export interface Uncopied {
  from: number;
  head: Head;
  rows: EvidenceRow[];
  nodes: (NodePos & { hash: string })[];
}

type TipRow = { tenant_id: string; tree_size: number; root_hash: string; peaks: string; copied: number; keys_in_d1: number };
type BatchRow = { from_size: number; tree_size: number; root_hash: string; rows: string; nodes: string; bytes: number };

export class WriterStore {
  constructor(private readonly sql: SqlStorage, private readonly storage: DurableObjectStorage) {
    sql.exec(SCHEMA);
  }

  load(): WriterState | undefined {
    const [r] = this.sql.exec<TipRow>("SELECT * FROM tip WHERE id = 1").toArray();
    if (!r) return undefined;
    const tip = { treeSize: r.tree_size, rootHash: r.root_hash, peaks: new Map(JSON.parse(r.peaks) as [string, string][]) };
    return { tenantId: r.tenant_id, tip, copied: r.copied, keysInD1: r.keys_in_d1 === 1 };
  }

  /** A ledger's first state here: what D1 already holds of it. */
  start(s: WriterState): void {
    this.sql.exec(
      "INSERT INTO tip (id, tenant_id, tree_size, root_hash, peaks, copied, keys_in_d1) VALUES (1, ?, ?, ?, ?, ?, ?)",
      s.tenantId, s.tip.treeSize, s.tip.rootHash, JSON.stringify([...s.tip.peaks]), s.copied, s.keysInD1 ? 1 : 0,
    );
  }

  /** Earlier leaves made by these requests, by request key. */
  byRequestKeys(keys: readonly string[]): Map<string, EvidenceRow> {
    const out = new Map<string, EvidenceRow>();
    for (const key of keys) {
      const [r] = this.sql.exec<{ row: string }>("SELECT row FROM request_keys WHERE key = ?", key).toArray();
      if (r) out.set(key, JSON.parse(r.row));
    }
    return out;
  }

  /** One batch, in one transaction: its leaves and nodes to copy, its request keys, the new tip. */
  commit(from: number, tip: Tip, rows: readonly EvidenceRow[], nodes: readonly (NodePos & { hash: string })[]): void {
    this.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT INTO uncopied (from_size, tree_size, root_hash, rows, nodes) VALUES (?, ?, ?, ?, ?)",
        from, tip.treeSize, tip.rootHash, JSON.stringify(rows), JSON.stringify(nodes),
      );
      for (const r of rows) if (r.requestKey) this.sql.exec("INSERT INTO request_keys (key, row) VALUES (?, ?)", r.requestKey, JSON.stringify(r));
      this.sql.exec("UPDATE tip SET tree_size = ?, root_hash = ?, peaks = ? WHERE id = 1", tip.treeSize, tip.rootHash, JSON.stringify([...tip.peaks]));
    });
  }

  /**
   * The oldest uncopied batches, merged into one copy of at most `maxLeaves` leaves and `maxBytes` of leaf
   * JSON (the copy binds its leaves as one JSON string, and D1 refuses a string over 2 MB); always at least
   * one batch. Undefined when D1 is current.
   */
  uncopied(maxLeaves: number, maxBytes: number): Uncopied | undefined {
    const out: Uncopied = { from: -1, head: { treeSize: 0, rootHash: "" }, rows: [], nodes: [] };
    let bytes = 0;
    for (const b of this.sql.exec<BatchRow>("SELECT *, length(CAST(rows AS BLOB)) AS bytes FROM uncopied ORDER BY from_size")) {
      bytes += b.bytes;
      if (out.rows.length > 0 && (out.rows.length + (b.tree_size - b.from_size) > maxLeaves || bytes > maxBytes)) break;
      if (out.from < 0) out.from = b.from_size;
      out.head = { treeSize: b.tree_size, rootHash: b.root_hash };
      out.rows.push(...(JSON.parse(b.rows) as EvidenceRow[]));
      out.nodes.push(...(JSON.parse(b.nodes) as (NodePos & { hash: string })[]));
    }
    return out.from < 0 ? undefined : out;
  }

  /** Whether an uncopied batch ends at `h` (its size and root): a head D1 may hold from a copy whose success went unnoted. */
  endsBatch(h: Head): boolean {
    return this.sql.exec("SELECT 1 FROM uncopied WHERE tree_size = ? AND root_hash = ?", h.treeSize, h.rootHash).toArray().length > 0;
  }

  /** D1 now holds the tree up to `size`: forget the batches it holds. */
  copiedUpTo(size: number): void {
    this.storage.transactionSync(() => {
      this.sql.exec("DELETE FROM uncopied WHERE tree_size <= ?", size);
      this.sql.exec("UPDATE tip SET copied = ? WHERE id = 1", size);
    });
  }
}
