import { PageCache, pageStart } from "../domain/page-cache";
import type { ReadBusy, ReplayAnswer } from "./room";

/**
 * Where a shard gets the room's pages for resumes older than its buffer: its page cache, a read of the same page
 * already under way, or the room. Only the last spends the read budget, so viewers who all join from seq 0 cost the
 * room one read per page, however many they are.
 */
export class RoomPages {
  private readonly cache = new PageCache();
  private readonly reading = new Map<number, Promise<ReplayAnswer>>();

  /**
   * The page holding the messages after `afterSeq`, from its start (`pageStart`), or the room's refusal. `bufferFrom`
   * is the oldest seq the shard's buffer holds; `spend` spends the asker's read budget (a refusal when spent);
   * `read` asks the room for the page after a seq.
   */
  page(afterSeq: number, bufferFrom: number, spend: () => ReadBusy | null, read: (start: number) => Promise<ReplayAnswer>): Promise<ReplayAnswer> {
    const start = pageStart(afterSeq);
    const kept = this.cache.get(start);
    if (kept) return Promise.resolve({ items: kept, latestSeq: 0 });
    const underWay = this.reading.get(start);
    if (underWay) return underWay;
    const busy = spend();
    if (busy) return Promise.resolve(busy);
    const mark = this.cache.mark();
    const answer = read(start)
      .then((a) => {
        if (!("busy" in a)) this.cache.put(start, a.items, mark, bufferFrom);
        return a;
      })
      .finally(() => this.reading.delete(start));
    this.reading.set(start, answer);
    return answer;
  }

  /** A delete the shard applied: no kept page shows the message any more. */
  tombstone(seq: number, at: string): void {
    this.cache.tombstone(seq, at);
  }
}
