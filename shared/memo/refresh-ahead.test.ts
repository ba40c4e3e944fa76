import { describe, expect, it } from "vitest";
import { RefreshAheadMemo as Memo } from "./refresh-ahead";

describe("a refresh-ahead memo", () => {
  it("serves a value until it is older than the age bound, then loads once for concurrent callers", async () => {
    let now = 1000;
    let loads = 0;
    const memo = new Memo<number>(10, () => now);
    const load = async () => ++loads;
    expect(await memo.get("t", 1000, load)).toBe(1);
    now += 999;
    expect(await memo.get("t", 1000, load)).toBe(1);
    now += 1;
    const [a, b] = await Promise.all([memo.get("t", 1000, load), memo.get("t", 1000, load)]);
    expect([a, b, loads]).toEqual([2, 2, 2]);
    memo.invalidate("t");
    expect(await memo.get("t", 1000, load)).toBe(3);
  });

  it("holds at most its bound of keys, dropping the least recently used", async () => {
    const memo = new Memo<string>(2, () => 0);
    const loaded: string[] = [];
    const load = (k: string) => async () => (loaded.push(k), k);
    await memo.get("a", 10, load("a"));
    await memo.get("b", 10, load("b"));
    await memo.get("a", 10, load("a"));
    await memo.get("c", 10, load("c"));
    await memo.get("a", 10, load("a"));
    await memo.get("b", 10, load("b"));
    expect(loaded).toEqual(["a", "b", "c", "b"]);
  });

  it("does not keep a value its keeper refuses: the next caller, even at once, loads again", async () => {
    const memo = new Memo<string | null>(10, () => 0);
    let loads = 0;
    const keep = (v: string | null) => v !== null;
    const load = (v: string | null) => async () => (loads++, v);
    expect(await memo.get("t", 10, load(null), { keep })).toBeNull();
    expect(await memo.get("t", 10, load("placed"), { keep })).toBe("placed");
    expect(await memo.get("t", 10, load("other"), { keep })).toBe("placed");
    expect(loads).toBe(2);
  });

  it("does not keep a failed load", async () => {
    const memo = new Memo<number>(10, () => 0);
    await expect(memo.get("t", 10, async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await memo.get("t", 10, async () => 7)).toBe(7);
  });

  describe("refreshing ahead", () => {
    /** A memo on a clock the test moves, whose loads answer `v1`, `v2`… when the test says. */
    function ahead() {
      const clock = { now: 0 };
      const memo = new Memo<string>(10, () => clock.now);
      const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
      const load = () => new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
      const background: Promise<unknown>[] = [];
      const get = () => memo.get("t", 1000, load, { refreshAhead: (work) => background.push(work) });
      /** Answers the latest load with the next version, and lets whatever waits on it run. */
      const answer = async () => {
        pending.at(-1)!.resolve(`v${pending.length}`);
        await Promise.all(background);
      };
      return { clock, memo, pending, background, get, answer };
    }

    it("serves the held value past half its age while one load in the background replaces it, then the new one", async () => {
      const m = ahead();
      const first = m.get();
      await m.answer();
      expect(await first).toBe("v1");
      m.clock.now = 499;
      expect(await m.get()).toBe("v1");
      expect([m.pending.length, m.background.length]).toEqual([1, 0]);
      // Past half its age: answered at once from the held value, with one load begun behind it.
      m.clock.now = 500;
      expect(await m.get()).toBe("v1");
      expect([m.pending.length, m.background.length]).toEqual([2, 1]);
      // While that load is under way, nobody starts another.
      m.clock.now = 900;
      expect(await m.get()).toBe("v1");
      expect(m.pending.length).toBe(2);
      await m.answer();
      // The new value, as of when its load began (500): young again, no further load.
      m.clock.now = 999;
      expect(await m.get()).toBe("v2");
      expect(m.pending.length).toBe(2);
    });

    it("makes a caller past the whole age wait for a new value, never answering from the held one", async () => {
      const m = ahead();
      const first = m.get();
      await m.answer();
      await first;
      // Idle past the age: this caller waits, and gets what the registry says now.
      m.clock.now = 1000;
      const late = m.get();
      expect(m.pending.length).toBe(2);
      await m.answer();
      expect(await late).toBe("v2");
      expect(m.background).toHaveLength(0);
      // A load ahead of the age still under way when the age runs out: the late caller waits for that one.
      m.clock.now = 1500;
      expect(await m.get()).toBe("v2");
      m.clock.now = 2000;
      const waiting = m.get();
      expect(m.pending.length).toBe(3);
      await m.answer();
      expect(await waiting).toBe("v3");
    });

    it("keeps serving the held value when a load ahead fails, and tries again on the next call", async () => {
      const m = ahead();
      const first = m.get();
      await m.answer();
      await first;
      m.clock.now = 600;
      await m.get();
      m.pending.at(-1)!.reject(new Error("registry unreachable"));
      await Promise.all(m.background);
      m.clock.now = 700;
      expect(await m.get()).toBe("v1");
      expect(m.pending.length).toBe(3);
      await m.answer();
      m.clock.now = 800;
      expect(await m.get()).toBe("v3");
    });

    it("drops what a load ahead brings when the key was invalidated meanwhile (a write through this isolate)", async () => {
      const m = ahead();
      const first = m.get();
      await m.answer();
      await first;
      m.clock.now = 600;
      await m.get();
      m.memo.invalidate("t");
      const afresh = m.get();
      expect(m.pending.length).toBe(3);
      // The load begun before the write answers last: the one begun after it stays.
      m.pending[2]!.resolve("after the write");
      m.pending[1]!.resolve("before the write");
      await Promise.all(m.background);
      expect(await afresh).toBe("after the write");
      expect(await m.get()).toBe("after the write");
    });
  });

  describe("held and refreshed by a caller that reads elsewhere (the catalog's version)", () => {
    /** A version that only grows: an older reading, or an older one of the same, never replaces the held one. */
    const grows = (next: { value: number; at: number }, held: { value: number; at: number }) => next.value > held.value || (next.value === held.value && next.at > held.at);

    it("answers the held value while it is younger than the age asked for, without loading", () => {
      const memo = new Memo<number>(10, () => 0);
      expect(memo.held("t", 100, 0)).toBeUndefined();
      memo.remember("t", 5, 1_000);
      expect(memo.held("t", 100, 1_099)).toBe(5);
      expect(memo.held("t", 100, 1_100)).toBeUndefined();
    });

    it("never replaces a value with one its rule refuses, whether remembered or loaded ahead", async () => {
      const memo = new Memo<number>(10, () => 0, grows);
      memo.remember("t", 5, 100);
      memo.remember("t", 4, 200);
      memo.remember("t", 5, 50);
      expect(memo.held("t", 1_000, 300)).toBe(5);
      expect(memo.held("t", 250, 350)).toBeUndefined(); // still the reading at 100
      const work: Promise<unknown>[] = [];
      memo.refresh("t", 1_000, async () => 3, (w) => work.push(w), 600);
      await Promise.all(work);
      expect(memo.held("t", 1_000, 700)).toBe(5);
    });

    it("loads ahead past half the age, one load at a time; the value loaded counts its age from when the load began", async () => {
      const memo = new Memo<number>(10, () => 0);
      memo.remember("t", 1, 1_000);
      const work: Promise<unknown>[] = [];
      let loads = 0;
      const load = async () => 1 + ++loads;
      const ahead = (now: number) => memo.refresh("t", 250, load, (w) => work.push(w), now);
      ahead(1_100);
      expect(work).toHaveLength(0);
      ahead(1_130);
      ahead(1_131);
      expect(work).toHaveLength(1);
      await Promise.all(work);
      expect([loads, memo.held("t", 250, 1_379), memo.held("t", 250, 1_380)]).toEqual([1, 2, undefined]);
      ahead(1_300);
      expect(work).toHaveLength(2);
      await Promise.all(work);
      expect(loads).toBe(2);
    });

    it("keeps the held value when a load ahead fails, hands over work that does not fail, and tries again next time", async () => {
      const memo = new Memo<number>(10, () => 0);
      memo.remember("t", 1, 0);
      const work: Promise<unknown>[] = [];
      memo.refresh("t", 100, async () => Promise.reject(new Error("down")), (w) => work.push(w), 60);
      await expect(Promise.all(work)).resolves.toEqual([undefined]);
      expect(memo.held("t", 100, 70)).toBe(1);
      memo.refresh("t", 100, async () => 2, (w) => work.push(w), 70);
      await Promise.all(work);
      expect(memo.held("t", 100, 100)).toBe(2);
    });

    it("drops what a load ahead brings when the key was invalidated meanwhile", async () => {
      const memo = new Memo<number>(10, () => 0);
      memo.remember("t", 1, 0);
      let answer!: (v: number) => void;
      const work: Promise<unknown>[] = [];
      memo.refresh("t", 100, () => new Promise<number>((r) => (answer = r)), (w) => work.push(w), 60);
      memo.invalidate("t");
      answer(2);
      await Promise.all(work);
      expect(memo.held("t", 100, 70)).toBeUndefined();
    });
  });
});
