import { PageCache, pageStart } from "../domain/page-cache";
import type { ReadBusy, ReplayAnswer } from "./room-api";

/**
 * Where a shard gets the room's pages for resumes older than its buffer: its page cache, a read of the same page
 * already under way, or the room. Only the last spends the room's read budget, so viewers who all join from seq 0 cost
 * the room one read per page, however many they are; each of them spends their own read share for every page.
 */
export class RoomPages {
  private readonly cache = new PageCache();
  private readonly reading = new Map<number, Promise<ReplayAnswer>>();

  /**
   * The page holding the messages after `afterSeq`, from its start (`pageStart`), or the refusal. `bufferFrom` is the
   * oldest seq the shard's buffer holds; `spend` spends the asker's read budget for a page, with `fromRoom` when it is
   * read from the room (a refusal when spent); `read` asks the room for the page after a seq.
   */
  page(afterSeq: number, bufferFrom: number, spend: (fromRoom: boolean) => ReadBusy | null, read: (start: number) => Promise<ReplayAnswer>): Promise<ReplayAnswer> {
    const start = pageStart(afterSeq);
    const kept = this.cache.get(start);
    const underWay = kept ? undefined : this.reading.get(start);
    const busy = spend(!kept && !underWay);
    if (busy) return Promise.resolve(busy);
    if (kept) return Promise.resolve({ items: kept, latestSeq: 0 });
    if (underWay) return underWay;
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
