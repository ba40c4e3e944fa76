import type { ServerFrame } from "../../../../shared/chat/protocol";

/** The shard surface the room calls; the class lives in `shard.ts`. */
export interface ShardTarget {
  deliver(frames: ServerFrame[]): Promise<void>;
}

/** Frames per `deliver` call: large enough to amortise the RPC, small enough to keep one call cheap. */
const MAX_BATCH = 256;

/**
 * Pushes a live room's sequenced frames to its shards. One delivery is in
 * flight per shard at a time, so a shard sees batches in seq order, and
 * frames that arrive meanwhile ride in the next batch (batching under load,
 * no delay when idle). A failed batch is dropped: the shard notices the gap
 * at its next batch or resume and reads the missing range from the room.
 */
export class ShardFanout {
  private readonly queues = new Map<number, { pending: ServerFrame[]; busy: boolean }>();

  constructor(private readonly shard: (k: number) => ShardTarget) {}

  push(shards: number[], frame: ServerFrame): void {
    for (const k of shards) {
      let q = this.queues.get(k);
      if (!q) this.queues.set(k, (q = { pending: [], busy: false }));
      q.pending.push(frame);
      if (!q.busy) void this.drain(k, q);
    }
  }

  private async drain(k: number, q: { pending: ServerFrame[]; busy: boolean }): Promise<void> {
    q.busy = true;
    try {
      while (q.pending.length > 0) {
        const batch = q.pending.splice(0, MAX_BATCH);
        try {
          await this.shard(k).deliver(batch);
        } catch (err) {
          console.warn(`shard ${k} missed ${batch.length} frames; it will catch up from the room`, err);
        }
      }
    } finally {
      q.busy = false;
    }
  }
}
