import type { MessageFrame } from "../protocol";

/**
 * Turns the frames a client receives (duplicates after resumes, live frames
 * racing a replay, gaps from lost deliveries) into each message exactly
 * once, in seq order. `lastSeq` is the last contiguous seq handed out: the
 * point to resume from.
 */
export class Sequencer {
  private readonly pending = new Map<number, MessageFrame>();

  constructor(public lastSeq = 0) {}

  /** Accepts a frame; returns the messages now deliverable, in order. */
  push(frame: MessageFrame): MessageFrame[] {
    if (frame.seq <= this.lastSeq || this.pending.has(frame.seq)) return [];
    this.pending.set(frame.seq, frame);
    return this.ready();
  }

  /** Starts later: seqs up to `seq` count as had (a client joining at the room's tail); returns what is now deliverable. */
  skipTo(seq: number): MessageFrame[] {
    if (seq <= this.lastSeq) return [];
    for (const held of this.pending.keys()) if (held <= seq) this.pending.delete(held);
    this.lastSeq = seq;
    return this.ready();
  }

  private ready(): MessageFrame[] {
    const ready: MessageFrame[] = [];
    for (let next = this.pending.get(this.lastSeq + 1); next; next = this.pending.get(this.lastSeq + 1)) {
      this.pending.delete(next.seq);
      this.lastSeq = next.seq;
      ready.push(next);
    }
    return ready;
  }

  /** A delete of a message held past a gap: it is handed out as deleted, as the room now has it. */
  tombstone(seq: number, at: string): void {
    const held = this.pending.get(seq);
    if (held) this.pending.set(seq, { ...held, body: null, deletedAt: held.deletedAt ?? at });
  }

  /** True when frames past a missing seq are waiting: the client should resume from `lastSeq`. */
  get hasGap(): boolean {
    return this.pending.size > 0;
  }
}
