import type { Pin, ServerFrame } from "../../../../shared/chat/protocol";

/** A room-wide frame for shards; moderation carries its id in the room's moderation log. */
export interface FanoutItem {
  frame: ServerFrame;
  modId?: number;
}

/** Where the room stands when a delivery leaves: the shard catches up to these whatever it missed. */
export interface Heads {
  seq: number;
  mod: number;
}

/** What one `deliver` call carries. */
export interface Delivery {
  items: FanoutItem[];
  heads: Heads;
  /** The room's pins as of `heads`: a few dozen at most, so each delivery carries them whole and a shard never asks. */
  pins: Pin[];
}

/** Where the room stands, as each delivery carries it. */
export type RoomState = Omit<Delivery, "items">;

/** A shard's answer to a delivery: how many viewers it holds now (the room's publish rate follows the fullest). */
export interface DeliveryReceipt {
  viewers: number;
}

/** The shard surface the room calls; the class lives in `shard.ts`. */
export interface ShardTarget {
  deliver(d: Delivery): Promise<DeliveryReceipt | void>;
}

/** Frames per `deliver` call: large enough to amortise the RPC, small enough to keep one call cheap. */
const MAX_BATCH = 256;
/**
 * Frames kept for one shard while its delivery is under way. Past this the oldest are dropped: the next delivery's
 * heads make the shard read what it missed from the room (`range`, `moderationAfter`), so nothing is lost, and a
 * shard that cannot keep up costs the room a bounded amount of memory instead of the whole backlog.
 */
export const MAX_PENDING = 4 * 256;
/** Retry delays after a failed delivery: from 100 ms doubling to 5 s. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;

interface Queue {
  pending: FanoutItem[];
  busy: boolean;
  /** A delivery failed and no later one has reached the shard yet. */
  behind: boolean;
  failures: number;
}

/**
 * Pushes a live room's sequenced frames to its shards. One delivery is in
 * flight per shard at a time, so a shard sees batches in order, and frames
 * that arrive meanwhile ride in the next batch (batching under load, no
 * delay when idle). Every delivery carries the room's heads (latest seq,
 * latest moderation id) and pins, and a shard that is behind the heads reads
 * what it missed from the room, messages and moderation alike. So a failed batch is
 * not lost: the fanout keeps retrying that shard with backoff (an empty
 * delivery with the heads suffices) until one gets through, and tells the
 * room (`onBehind`) so it can arm a durable alarm in case it is evicted first.
 */
export class ShardFanout {
  private readonly queues = new Map<number, Queue>();

  constructor(
    private readonly shard: (k: number) => ShardTarget,
    private readonly state: () => RoomState,
    private readonly onBehind: () => void = () => {},
    private readonly onViewers: (k: number, viewers: number | undefined) => void = () => {},
  ) {}

  push(shards: number[], item: FanoutItem): void {
    for (const k of shards) {
      const q = this.queue(k);
      q.pending.push(item);
      if (q.pending.length > MAX_PENDING) q.pending.splice(0, q.pending.length - MAX_PENDING);
      if (!q.busy) void this.drain(k, q);
    }
  }

  /** Sends every shard an empty delivery with the heads, so any shard that is behind catches up; resolves to whether all succeeded. */
  async sync(shards: number[]): Promise<boolean> {
    const results = await Promise.allSettled(shards.map((k) => this.shard(k).deliver({ items: [], ...this.state() })));
    results.forEach((r, i) => {
      if (r.status !== "fulfilled") return;
      const q = this.queues.get(shards[i]!);
      if (q) q.behind = false;
      this.onViewers(shards[i]!, r.value?.viewers);
    });
    return results.every((r) => r.status === "fulfilled");
  }

  /** Whether every frame pushed so far reached its shard: nothing pending, in flight or behind. */
  get idle(): boolean {
    for (const q of this.queues.values()) if (q.busy || q.behind || q.pending.length > 0) return false;
    return true;
  }

  /** Shards with a failed delivery not yet made good. */
  get behind(): number[] {
    return [...this.queues].filter(([, q]) => q.behind).map(([k]) => k);
  }

  private queue(k: number): Queue {
    let q = this.queues.get(k);
    if (!q) this.queues.set(k, (q = { pending: [], busy: false, behind: false, failures: 0 }));
    return q;
  }

  private async drain(k: number, q: Queue): Promise<void> {
    q.busy = true;
    try {
      while (q.pending.length > 0 || q.behind) {
        const items = q.pending.splice(0, MAX_BATCH);
        try {
          const receipt = await this.shard(k).deliver({ items, ...this.state() });
          this.onViewers(k, receipt?.viewers);
          q.behind = false;
          q.failures = 0;
        } catch (err) {
          // The frames need not be kept: the next delivery's heads make the shard read them from the room.
          console.warn(`shard ${k} missed ${items.length} frames; retrying with the room's heads`, err);
          q.behind = true;
          q.failures++;
          this.onBehind();
          await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (q.failures - 1))));
        }
      }
    } finally {
      q.busy = false;
    }
  }
}
