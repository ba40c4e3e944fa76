/**
 * What a room relays of its ephemeral frames (presence, typing, read receipts), which cost one send per socket each:
 * a user's 30 frames a second would be 30 × N sends. Above EPHEMERAL_MAX_SOCKETS sockets a room relays none of them
 * (as live rooms never do) and `hello` lists at most that many users online; below it, typing is relayed at most
 * once per user every TYPING_EVERY_MS (a stop right after a start excepted), and a read receipt only when it moved,
 * and at most once per user every READ_EVERY_MS (`ReadGate`).
 */
export const EPHEMERAL_MAX_SOCKETS = 500;
export const TYPING_EVERY_MS = 2000;
/** Users remembered before the first sweep of those whose last relay is older than their gate's wait. */
const SWEEP_AT = 1024;

/** Before a new user is remembered: past SWEEP_AT, forgets those whose last relay is `everyMs` old (their gate is open anyway). */
function forgetStale<T>(last: Map<string, T>, now: number, everyMs: number, at: (t: T) => number): void {
  if (last.size < SWEEP_AT) return;
  for (const [u, t] of last) if (now - at(t) >= everyMs) last.delete(u);
}

export class TypingGate {
  private readonly last = new Map<string, { typing: boolean; at: number }>();

  /** Whether a user's typing frame is relayed now: a start at most once every TYPING_EVERY_MS, a stop once after a start. */
  admit(userId: string, typing: boolean, now: number): boolean {
    const prev = this.last.get(userId);
    const relay = !prev || now - prev.at >= TYPING_EVERY_MS || (!typing && prev.typing);
    if (!relay) return false;
    if (!prev) forgetStale(this.last, now, TYPING_EVERY_MS, (t) => t.at);
    this.last.set(userId, { typing, at: now });
    return true;
  }
}

/**
 * How often one user's read receipt is relayed at most: a marker moved one seq a frame was 30 broadcasts a second.
 * Every read is still stored; the relay is the latest marker, and the next read after the wait relays it.
 */
export const READ_EVERY_MS = 2000;

export class ReadGate {
  private readonly last = new Map<string, number>();

  /** Whether a user's moved read marker is relayed now. */
  admit(userId: string, now: number): boolean {
    const at = this.last.get(userId);
    if (at !== undefined && now - at < READ_EVERY_MS) return false;
    if (at === undefined) forgetStale(this.last, now, READ_EVERY_MS, (t) => t);
    this.last.set(userId, now);
    return true;
  }
}
