import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referenceMarks } from "../../../scripts/seed/ip-marks.mjs";
import { ipAssets, ipMarks, ipRegisterVersion } from "../../../shared/db/schema";
import { CONFUSABLES } from "../src/domain/confusables";
import { RegisterIndex, type MarkMatch } from "../src/domain/register-index";
import { liveTrademarks } from "../src/store/assets";
import { db } from "../src/store/db";
import { registerIndex } from "../src/store/register";
import LABELS from "./clearance-labelled.json";
import { tenant } from "./helpers";

const MARKS = referenceMarks().map((m, i) => ({ ...m, id: `mrk_${i}`, designations: m.designations ?? [] }));
const index = new RegisterIndex(MARKS);

/** A match list in a canonical order: the index and the scan may meet tied marks in another order. */
const canonical = (ms: MarkMatch[]) => ms.map((m) => `${m.mark.id} ${m.similarity} ${m.reasons.join(",")} ${m.matched}`).sort();

describe("the register index finds what a full scan finds", () => {
  it("on both labelled sets and on every mark's own name", () => {
    const texts = [...LABELS.tuning, ...LABELS.holdout].map((c) => c.text).concat(MARKS.map((m) => m.name));
    const differ = texts.filter((t) => canonical(index.match(t)).join("\n") !== canonical(index.scan(t)).join("\n"));
    expect(differ).toEqual([]);
  });

  it("on random titles made of marks bent by look-alikes, edits, case, pinyin and noise", () => {
    const lookalikes = Object.entries(CONFUSABLES);
    const bend = (name: string, edits: number[]) => {
      let s = name;
      for (const e of edits) {
        const at = e % Math.max(1, s.length);
        switch (e % 5) {
          case 0: s = s.slice(0, at) + s.slice(at + 1); break; // deletion
          case 1: s = s.slice(0, at) + "aeiouxz"[e % 7] + s.slice(at); break; // insertion
          case 2: s = s.slice(0, at) + "rnlkm"[e % 5] + s.slice(at + 1); break; // substitution
          case 3: s = s.slice(0, at) + s.slice(at + 1, at + 2) + s.slice(at, at + 1) + s.slice(at + 2); break; // transposition
          default: {
            const [from] = lookalikes[e % lookalikes.length]!;
            const plain = lookalikes[e % lookalikes.length]![1];
            s = s.replace(plain, from); // a look-alike for a letter
          }
        }
      }
      return s;
    };
    const word = fc.oneof(
      fc.constantFrom(...MARKS.map((m) => m.name)).chain((name) => fc.array(fc.nat(1000), { maxLength: 3 }).map((edits) => bend(name, edits))),
      fc.constantFrom("running", "shoes", "for", "men", "小米", "华为", "case", "style", "Nayke", "ＮＩＫＥ", "Luis", "Vuiton", "modern", "lamp"),
      fc.string({ minLength: 1, maxLength: 9 }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }),
    );
    const text = fc.array(word, { minLength: 1, maxLength: 7 }).chain((words) => fc.constantFrom(" ", "-", ", ").map((sep) => words.join(sep)));
    fc.assert(
      fc.property(text, fc.boolean(), (t, upper) => {
        const s = upper ? t.toUpperCase() : t;
        expect(canonical(index.match(s))).toEqual(canonical(index.scan(s)));
      }),
      { numRuns: 400 },
    );
  });
});

describe("the indexed register in an isolate", () => {
  const d = db((env as Env).DB);
  const bump = () => d.insert(ipRegisterVersion).values({ id: 1, version: 1 }).onConflictDoUpdate({ target: ipRegisterVersion.id, set: { version: 7_000 + Math.floor(Math.random() * 1e6) } });

  it("is built once per register version and rebuilt when another isolate's import bumps it", async () => {
    await bump();
    const t0 = 10_000_000_000_000 + Math.floor(Math.random() * 1e9);
    const first = await registerIndex(d, t0);
    expect(await registerIndex(d, t0 + 10)).toBe(first);
    // Written behind this isolate's back, as an import through another isolate would.
    await d.insert(ipMarks).values({ id: `mrk_${crypto.randomUUID()}`, jurisdiction: "US", registrationNumber: `RB-${crypto.randomUUID()}`, name: "Quillonde", owner: "Q Ltd", niceClasses: [9], designations: [], status: "registered", updatedAt: "2026-01-01T00:00:00Z" });
    await bump();
    // Within the TTL the isolate keeps its index; past it, the new version is read and the index rebuilt.
    expect(await registerIndex(d, t0 + 500)).toBe(first);
    expect(first.match("Quillonde lamp")).toEqual([]);
    const second = await registerIndex(d, t0 + 1500);
    expect(second).not.toBe(first);
    expect(second.match("Quillonde lamp").map((m) => m.mark.name)).toEqual(["Quillonde"]);
    // An unchanged version past the TTL keeps the index.
    expect(await registerIndex(d, t0 + 3000)).toBe(second);
  });

  it("keeps a tenant's own trademarks for a second, and sees another isolate's new right after it", async () => {
    const t = tenant();
    const t0 = 20_000_000_000_000 + Math.floor(Math.random() * 1e9);
    expect(await liveTrademarks(d, t, t0)).toEqual([]);
    await d.insert(ipAssets).values({ id: `ipa_${crypto.randomUUID()}`, tenantId: t, kind: "trademark", jurisdiction: "US", name: "Quillonde", niceClasses: [9], designations: [], registrationNumber: "Q-1", owner: "Q Ltd", status: "registered", filedAt: null, registeredAt: null, expiresAt: null, createdAt: "2026-01-01T00:00:00Z" });
    expect(await liveTrademarks(d, t, t0 + 500)).toEqual([]);
    expect((await liveTrademarks(d, t, t0 + 1500)).map((a) => a.name)).toEqual(["Quillonde"]);
  });
});
