import { RESUME_PAGE } from "../../../../shared/chat/protocol";
import type { ModerationEntry, ModerationPage } from "./moderation-replay";

/**
 * Moderation entries a shard keeps (and gets at `attachShard`) to replay to its viewers' resumes itself: after a
 * deploy drops every socket, the viewers come back having missed what was moderated meanwhile, a few entries, and the
 * room is asked only by one that missed more.
 */
export const MODERATION_TAIL = 200;

/**
 * The last MODERATION_TAIL entries a shard applied, in order and with no gaps, ending at the last one it applied: what
 * its viewers' resumes (`afterMod`) are replayed from without asking the room.
 */
export class ModerationWindow {
  private entries: ModerationEntry[] = [];

  /** Starts again from `entries` (the room's tail at a boot; none when the shard drops what it kept), up to `upTo`. */
  reset(entries: ModerationEntry[] = [], upTo = Number.MAX_SAFE_INTEGER): void {
    this.entries = entries.filter((m) => m.id <= upTo).slice(-MODERATION_TAIL);
  }

  /** An entry the shard applied: the next after the last. */
  push(entry: ModerationEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MODERATION_TAIL) this.entries.splice(0, this.entries.length - MODERATION_TAIL);
  }

  /** A page (RESUME_PAGE entries) after `afterMod` when the window reaches back that far; null when the room must be asked. */
  after(afterMod: number): ModerationPage | null {
    const from = this.entries[0]?.id;
    if (from === undefined || afterMod < from - 1) return null;
    return { items: this.entries.filter((m) => m.id > afterMod).slice(0, RESUME_PAGE), floor: 0 };
  }
}
