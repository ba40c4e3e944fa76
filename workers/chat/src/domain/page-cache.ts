import { RESUME_PAGE, type MessageFrame } from "../../../../shared/chat/protocol";

/**
 * Pages a shard keeps: 50 pages of RESUME_PAGE messages are 10,000 messages past its 1,000-message buffer, so a room
 * of up to ~11,000 messages (a long show's chat) is kept whole and its joiners cost one room read per page. At ~250
 * bytes a message that is ~2.5 MB, small next to the tens of thousands of sockets a shard holds in its 128 MB.
 */
export const CACHED_PAGES = 50;
/** ...and at most this many characters of their JSON, so pages of long messages (up to 4,000 characters each) cannot take 50 × 1.6 MB. */
export const CACHED_CHARS = 4_000_000;
/** Deletes remembered for pages being read meanwhile (`mark`/`put`); a read lasts one room call, so a few suffice. */
const RECENT_DELETES = 64;

/** Where the page holding the messages after `afterSeq` starts: pages are asked of the room from multiples of RESUME_PAGE, so resumes from any seq share them. */
export const pageStart = (afterSeq: number): number => afterSeq - (afterSeq % RESUME_PAGE);

/** A delete as a shard applies it to what it holds: the seq stays, the body goes (frames are gapless, in seq order). */
export function tombstoneIn(frames: MessageFrame[], seq: number, at: string): void {
  const i = seq - (frames[0]?.seq ?? seq + 1);
  const m = frames[i];
  if (m?.seq === seq) frames[i] = { ...m, body: null, deletedAt: at };
}

/**
 * Full pages of a live room a shard read for its viewers' resumes, keyed by the seq they start after. Seq is gapless
 * and messages are never edited, so a full page can change only by a delete, applied here as to the shard's buffer
 * (`tombstone`). A page with fewer than RESUME_PAGE messages is the room's tail, which grows: it is not kept.
 *
 * Past the bound the page furthest behind goes, not the least recently used: joiners read every page from 0 up, and
 * a scan longer than an LRU cache evicts exactly the page the next joiner needs first, so no joiner would ever hit.
 * Kept this way, every joiner finds the newest 50 pages, which also serve viewers back from a long drop.
 */
export class PageCache {
  private readonly pages = new Map<number, { items: MessageFrame[]; chars: number }>();
  private chars = 0;
  /** Deletes applied so far, and the last RECENT_DELETES of them. */
  private deletes = 0;
  private readonly recent: { seq: number; at: string }[] = [];

  constructor(
    private readonly maxPages = CACHED_PAGES,
    private readonly maxChars = CACHED_CHARS,
  ) {}

  get(start: number): MessageFrame[] | undefined {
    return this.pages.get(start)?.items;
  }

  /** A mark to take before asking the room for a page, and to give `put` with the answer. */
  mark(): number {
    return this.deletes;
  }

  /**
   * Keeps a page the room answered after `mark()` was taken. Deletes applied here meanwhile may have been read
   * before the room applied them, so they are applied to it now (in place: the asker sends these very frames).
   * Pages the buffer (from seq `bufferFrom`) now answers are dropped: no resume reads them again.
   */
  put(start: number, items: MessageFrame[], mark: number, bufferFrom: number): void {
    const missed = this.deletes - mark;
    for (const d of this.recent.slice(Math.max(0, this.recent.length - missed))) tombstoneIn(items, d.seq, d.at);
    for (const k of [...this.pages.keys()]) if (k + 1 >= bufferFrom) this.drop(k);
    // Too many deletes meanwhile to be sure of them all: answered, not kept.
    if (missed > this.recent.length) return;
    if (start % RESUME_PAGE !== 0 || items.length !== RESUME_PAGE || items[0]!.seq !== start + 1 || start + 1 >= bufferFrom) return;
    this.drop(start);
    const chars = JSON.stringify(items).length;
    this.pages.set(start, { items, chars });
    this.chars += chars;
    while (this.pages.size > this.maxPages || this.chars > this.maxChars) this.drop(Math.min(...this.pages.keys()));
  }

  tombstone(seq: number, at: string): void {
    this.deletes++;
    this.recent.push({ seq, at });
    if (this.recent.length > RECENT_DELETES) this.recent.shift();
    const page = this.pages.get(pageStart(seq - 1));
    if (page) tombstoneIn(page.items, seq, at);
  }

  get size(): number {
    return this.pages.size;
  }

  private drop(start: number): void {
    const page = this.pages.get(start);
    if (!page) return;
    this.chars -= page.chars;
    this.pages.delete(start);
  }
}
