import { DurableObject } from "cloudflare:workers";
import { db } from "../store/db";
import { byRequestKeys, copyToD1, integrate, MAX_APPEND_BATCH, readTip, type AppendItem, type EvidenceRow, type Head } from "../store/ledger";
import { WriterStore, type WriterState } from "./writer-store";

/** What an append answers: the leaf, the head of the batch that wrote it, and the node hashes its proof needs (null for a retried request's earlier leaf). */
export interface AppendResult {
  evidence: EvidenceRow;
  head: Head;
  nodes: Record<string, string> | null;
}

/**
 * Appends waiting, or leaves not yet copied to D1, beyond which appends are
 * refused with a retryable error rather than held: past this the writer (or
 * D1) is seconds behind, longer than a caller should wait.
 */
const MAX_QUEUED = 4096;
const MAX_UNCOPIED = 8192;

/**
 * The batch window: an append that finds the writer idle waits this long so
 * the appends arriving with it share its batch (one tree-head update, one
 * SQLite commit, one root hash). Integrating a batch takes well under a
 * millisecond here, so the window is what sets the batch size: 2 ms gathers
 * the appends that arrive together and is small beside an append's 20–60 ms
 * round trip through the stack; the old 10 ms paid off only while each batch
 * cost a D1 write. Appends that arrive while a batch is being integrated join
 * the next one with no window at all.
 */
const BATCH_WINDOW_MS = 2;

/** Leaves copied to D1 in one D1 batch: a few hundred rows keep one transaction short. */
const COPY_LEAVES = 256;

/**
 * Bytes of leaf JSON one copy binds, half D1's 2 MB limit on a string: 256
 * leaves of long (but valid) URLs and titles exceed it, and a copy D1 refuses
 * would be retried forever, leaving the ledger's read model stuck.
 */
const COPY_BYTES = 1_000_000;

/**
 * How long batches gather before they are copied to D1 together: a D1 write
 * costs the stack far more than integrating a batch, so under load one copy
 * carries many batches. They are durable here meanwhile, and a reader that
 * needs them (`caughtUp`) has them copied at once.
 */
const COPY_DELAY_MS = 100;

/** How long a reader waits for D1 to catch up before it reads what D1 has. */
const CATCH_UP_WAIT_MS = 5000;

interface Job extends AppendItem {
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

/**
 * The single writer of one tenant's evidence ledger (one object per tenant,
 * named by the tenant id). Every append of the tenant, from any isolate,
 * comes here, so appends never race and never need a retry.
 *
 * An append is group-committed to the object's own SQLite (the tip, the
 * batch, the request key) and answered from there: its tree head advances
 * once per batch, and nothing on the answer's path waits for D1. D1 stays the
 * ledger's read model (lists, proofs, cases, the append-only triggers): the
 * writer copies each batch there right after, merging the batches that queue
 * up meanwhile into one D1 write, and retries from an alarm until it lands.
 * A reader that must see every answered append first calls `caughtUp()`.
 */
export class LedgerWriter extends DurableObject<Env> {
  private readonly store: WriterStore;
  private state: WriterState | undefined;
  private queue: Job[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing = false;
  private copying: Promise<void> | null = null;
  private copyTimer: ReturnType<typeof setTimeout> | null = null;
  private copyFailures = 0;
  private waiters: { size: number; resolve: () => void }[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new WriterStore(ctx.storage.sql, ctx.storage);
    void ctx.blockConcurrencyWhile(async () => {
      this.state = this.store.load();
      if (this.state && this.state.copied < this.state.tip.treeSize) await ctx.storage.setAlarm(Date.now());
    });
  }

  /**
   * Appends one record and resolves once its batch is durable here; answers
   * `{ backlogged: true }` instead when too much waits (the route's 429).
   */
  append(item: AppendItem): Promise<AppendResult | { backlogged: true }> {
    const tenantId = item.record.tenantId;
    if (this.state && tenantId !== this.state.tenantId) return Promise.reject(new Error("a ledger writer serves one tenant"));
    const behind = this.state ? this.state.tip.treeSize - this.state.copied : 0;
    if (this.queue.length >= MAX_QUEUED || behind >= MAX_UNCOPIED) return Promise.resolve({ backlogged: true });
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      if (!this.writing && !this.timer) this.timer = setTimeout(() => void this.drain(tenantId), BATCH_WINDOW_MS);
    });
  }

  /**
   * Resolves once D1 holds every leaf this writer has answered for (at once when it already does), or after
   * CATCH_UP_WAIT_MS. Answers that tree size: a reader must not take D1's head below it as the ledger's.
   */
  async caughtUp(): Promise<number> {
    const size = this.state?.tip.treeSize ?? 0;
    if (!this.state || this.state.copied >= size) return size;
    const done = new Promise<void>((resolve) => this.waiters.push({ size, resolve }));
    void this.copy();
    await Promise.race([done, new Promise((r) => setTimeout(r, CATCH_UP_WAIT_MS))]);
    return size;
  }

  override async alarm(): Promise<void> {
    await this.copy();
  }

  /** The writer's state, started from D1's tree the first time this tenant's writer runs. */
  private async ready(tenantId: string): Promise<WriterState> {
    if (this.state) return this.state;
    const tip = await readTip(db(this.env.DB), tenantId);
    const state = { tenantId, tip, copied: tip.treeSize, keysInD1: tip.treeSize > 0 };
    this.store.start(state);
    this.state = state;
    return state;
  }

  private async drain(tenantId: string): Promise<void> {
    this.timer = null;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_APPEND_BATCH);
        try {
          const state = await this.ready(tenantId);
          const keys = [...new Set(batch.flatMap((j) => (j.requestKey ? [j.requestKey] : [])))];
          const earlier = this.store.byRequestKeys(keys);
          const unknown = keys.filter((k) => !earlier.has(k));
          if (state.keysInD1 && unknown.length > 0) for (const [k, r] of await byRequestKeys(db(this.env.DB), tenantId, unknown)) earlier.set(k, r);
          const from = state.tip.treeSize;
          const done = await integrate(tenantId, batch, state.tip, (k) => earlier.get(k));
          if (done.rows.length > 0) this.store.commit(from, done.tip, done.rows, done.written);
          state.tip = done.tip;
          const head = { treeSize: done.tip.treeSize, rootHash: done.tip.rootHash };
          const known = Object.fromEntries(done.nodes);
          done.results.forEach((r, i) => batch[i]!.resolve({ evidence: r.evidence, head, nodes: r.fresh ? known : null }));
        } catch (err) {
          console.error(`ledger batch of ${batch.length} for ${tenantId} failed`, err);
          for (const job of batch) job.reject(err);
        }
      }
    } finally {
      this.writing = false;
    }
    this.copyTimer ??= setTimeout(() => {
      this.copyTimer = null;
      void this.copy();
    }, COPY_DELAY_MS);
  }

  /** Copies the uncopied batches to D1 (one copy at a time); on failure retries from an alarm with backoff. */
  private copy(): Promise<void> {
    this.copying ??= this.copyAll().finally(() => (this.copying = null));
    return this.copying;
  }

  private async copyAll(): Promise<void> {
    const state = this.state;
    if (!state) return;
    try {
      for (let next = this.store.uncopied(COPY_LEAVES, COPY_BYTES); next; next = this.store.uncopied(COPY_LEAVES, COPY_BYTES)) {
        // D1 may already hold part of this copy (an earlier copy landed unnoted): it answers how far it is.
        const held = await copyToD1(db(this.env.DB), state.tenantId, next.from, next.rows, next.nodes, next.head, (h) => this.store.endsBatch(h));
        this.store.copiedUpTo(held.treeSize);
        state.copied = held.treeSize;
        this.copyFailures = 0;
        this.waiters = this.waiters.filter((w) => (w.size <= state.copied ? (w.resolve(), false) : true));
      }
    } catch (err) {
      this.copyFailures += 1;
      console.error(`ledger copy to D1 for ${state.tenantId} failed (attempt ${this.copyFailures})`, err);
      await this.ctx.storage.setAlarm(Date.now() + Math.min(30_000, 100 * 2 ** this.copyFailures));
    }
  }
}
