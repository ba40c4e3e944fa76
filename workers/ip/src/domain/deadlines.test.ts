import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { rulesFor } from "./deadline-rules";
import { deadlinesOf, deadlinesWithin, keepEarliest, pageOfDeadlines, type Deadline, type RightDates } from "./deadlines";
import { ASSET_KINDS, JURISDICTIONS } from "./jurisdictions";

const TODAY = "2026-06-15";
const date = fc.integer({ min: -12_000, max: 400 }).map((d) => addDays(TODAY, d));
const right = fc.record({
  kind: fc.constantFrom(...ASSET_KINDS),
  jurisdiction: fc.constantFrom(...JURISDICTIONS),
  filedAt: fc.option(date, { nil: null }),
  registeredAt: fc.option(date, { nil: null }),
});
/** Rights with distinct ids, in id order as the store pages them. */
const rights = fc.array(right, { maxLength: 40 }).map((rs) => rs.map((r, i): RightDates => ({ id: `ipa_${String(i).padStart(3, "0")}`, name: `Mark ${i}`, registrationNumber: null, ...r })));
const key = (d: Deadline) => `${d.dueDate} ${d.assetId} ${d.ruleId} ${d.occurrence}`;

describe("deadlinesOf in a span", () => {
  const one = (r: Omit<RightDates, "id" | "name" | "registrationNumber">): RightDates => ({ id: "ipa_x", name: "X", registrationNumber: null, ...r });
  /** Any right, with a span starting within its life (counted from filing), where grace ends fall. */
  const anySpan = fc
    .record({ right: right.map(one), fromAfterFiling: fc.integer({ min: -400, max: 9000 }), days: fc.integer({ min: 0, max: 40_000 }) })
    .map(({ right: r, fromAfterFiling, days }) => {
      const from = addDays(r.filedAt ?? TODAY, fromAfterFiling);
      return { right: r, span: { from, to: addDays(from, days) } };
    });
  /** A patent granted after filing where fees wait for grant (and JP, KR), with a span ending near its grant: where owed fees move. */
  const nearGrant = fc
    .record({
      kind: fc.constantFrom("invention_patent" as const, "design_patent" as const),
      jurisdiction: fc.constantFrom("CN", "IN", "GB", "JP", "KR"),
      filedAt: date,
      grantedAfter: fc.integer({ min: 0, max: 4000 }),
      toAfterGrant: fc.integer({ min: -10, max: 100 }),
      spanDays: fc.integer({ min: 0, max: 800 }),
    })
    .map(({ filedAt, grantedAfter, toAfterGrant, spanDays, ...r }) => {
      const registeredAt = addDays(filedAt, grantedAfter);
      const to = addDays(registeredAt, toAfterGrant);
      return { right: one({ ...r, filedAt, registeredAt }), span: { from: addDays(to, -spanDays), to } };
    });

  it("gives exactly the whole list's deadlines due by its end whose grace lasts to its start", () => {
    fc.assert(
      fc.property(fc.oneof(anySpan, nearGrant), ({ right: r, span }) => {
        expect(deadlinesOf(r, span)).toEqual(deadlinesOf(r).filter((d) => d.dueDate <= span.to && d.graceEndsAt >= span.from));
      }),
      { numRuns: 5000 },
    );
  });

  it("may stop at the first due point past the span: every rule's due points ascend, and a fee owed before grant is never moved earlier", () => {
    for (const jurisdiction of [...JURISDICTIONS, "elsewhere"]) {
      for (const kind of ASSET_KINDS) {
        for (const rule of rulesFor(jurisdiction, kind)) {
          expect(rule.dueMonths.every((m, i) => i === 0 || m > rule.dueMonths[i - 1]!), `${jurisdiction} ${kind} ${rule.id}`).toBe(true);
          if (typeof rule.afterGrant === "object") expect(rule.afterGrant.months).toBeGreaterThanOrEqual(rule.afterGrant.lead);
        }
      }
    }
  });
});

describe("keepEarliest", () => {
  it("folded over a registry a page at a time keeps exactly the first deadlines of the whole list, after any cursor", () => {
    fc.assert(
      fc.property(rights, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 3650 }), fc.nat(), (all, pageSize, count, withinDays, cut) => {
        const whole = deadlinesWithin(all, TODAY, withinDays);
        const after = whole.length > 0 && cut % 3 > 0 ? whole[cut % whole.length] : undefined;
        let kept: readonly Deadline[] = [];
        for (let i = 0; i < all.length || i === 0; i += pageSize) kept = keepEarliest(kept, all.slice(i, i + pageSize), TODAY, withinDays, count, after);
        const rest = after ? whole.slice(whole.indexOf(after) + 1) : whole;
        expect(kept.map(key)).toEqual(rest.slice(0, count).map(key));
      }),
    );
  });
});

describe("pageOfDeadlines", () => {
  it("serves `limit` of the first `limit + 1`, with a cursor only when the extra one says more follow", () => {
    const ds = deadlinesWithin([{ id: "ipa_a", name: "A", kind: "invention_patent", jurisdiction: "CN", registrationNumber: null, filedAt: "2020-03-15", registeredAt: "2021-01-20" }], TODAY, 3650);
    const full = pageOfDeadlines(ds.slice(0, 4), 3);
    expect(full.items).toEqual(ds.slice(0, 3));
    expect(full.last).toEqual({ dueDate: ds[2]!.dueDate, assetId: "ipa_a", ruleId: ds[2]!.ruleId, occurrence: ds[2]!.occurrence });
    expect(pageOfDeadlines(ds.slice(0, 3), 3)).toEqual({ items: ds.slice(0, 3), last: null });
  });
});
