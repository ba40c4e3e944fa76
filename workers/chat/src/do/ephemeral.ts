/**
 * What a room relays of its ephemeral frames (presence, typing, read receipts), which cost one send per socket each:
 * a user's 30 frames a second would be 30 × N sends. Above EPHEMERAL_MAX_SOCKETS sockets a room relays none of them
 * (as live rooms never do) and `hello` lists at most that many users online; below it, typing is relayed at most
 * once per user every TYPING_EVERY_MS (a stop right after a start excepted), and a read receipt only when it moved.
 */
export const EPHEMERAL_MAX_SOCKETS = 500;
export const TYPING_EVERY_MS = 2000;
/** Users remembered before the first sweep of those whose last relay is older than TYPING_EVERY_MS. */
const SWEEP_AT = 1024;

export class TypingGate {
  private readonly last = new Map<string, { typing: boolean; at: number }>();

  /** Whether a user's typing frame is relayed now: a start at most once every TYPING_EVERY_MS, a stop once after a start. */
  admit(userId: string, typing: boolean, now: number): boolean {
    const prev = this.last.get(userId);
    const relay = !prev || now - prev.at >= TYPING_EVERY_MS || (!typing && prev.typing);
    if (!relay) return false;
    if (!prev && this.last.size >= SWEEP_AT) for (const [u, t] of this.last) if (now - t.at >= TYPING_EVERY_MS) this.last.delete(u);
    this.last.set(userId, { typing, at: now });
    return true;
  }
}
