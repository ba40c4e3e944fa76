/**
 * Where a client is in its room's moderation log: `last` is the highest moderation id (`modId`) up to which it has
 * applied every entry, which it sends as `afterMod` when it resumes. Replayed and live frames can arrive out of order
 * (a live delete while the resume's replay is on its way), so ids past a gap are remembered and the cursor moves over
 * them once the gap is filled: it never claims an entry it has not had. Undefined until the room names its head.
 */
export class ModerationCursor {
  private readonly ahead = new Set<number>();

  constructor(public last?: number) {}

  /** Whether a frame with this id is new to the client (apply it), as opposed to one it already applied. */
  admit(id: number): boolean {
    if (this.last === undefined) return true;
    if (id <= this.last || this.ahead.has(id)) return false;
    this.ahead.add(id);
    this.advance();
    return true;
  }

  /** Counts everything up to `head` as applied: the room's head at a first connect, or after a `reload`. */
  skipTo(head: number): void {
    if (this.last !== undefined && head <= this.last) return;
    this.last = head;
    for (const id of this.ahead) if (id <= head) this.ahead.delete(id);
    this.advance();
  }

  private advance(): void {
    while (this.last !== undefined && this.ahead.delete(this.last + 1)) this.last++;
  }
}
