import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import { db } from "../src/store/db";
import { importMarks, MAX_REGISTER_MARKS, type MarkInput } from "../src/store/register";
import { d1With, ip, problem } from "./helpers";

// Every isolate loads and indexes the whole reference register: an import past its cap is refused whole.
const DB = () => (env as Env).DB;
const count = async () => (await DB().prepare("SELECT count(*) AS n FROM ip_marks").first<number>("n"))!;
const mark = (name: string): MarkInput => ({ jurisdiction: "US", registrationNumber: `CAP-${crypto.randomUUID()}`, name, owner: "Cap Ltd", niceClasses: [9], designations: [], status: "registered" });
const held = async (marks: MarkInput[]) =>
  (await DB().prepare(`SELECT count(*) AS n FROM ip_marks WHERE registration_number IN (${marks.map(() => "?").join(",")})`).bind(...marks.map((m) => m.registrationNumber)).first<number>("n"))!;

/** Lapsed filler marks written straight to D1 (no version bump, so no isolate rebuilds for them), removed after the test. */
async function fill(n: number) {
  const tag = crypto.randomUUID().slice(0, 8);
  await DB()
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
       INSERT INTO ip_marks (id, jurisdiction, registration_number, name, owner, nice_classes, designations, status, updated_at)
       SELECT printf('mrk_fill_%s_%06d', ?1, i), 'US', printf('FILL-%s-%06d', ?1, i), 'Fill ' || i, 'Fill Ltd', '[9]', '[]', 'lapsed', '2026-01-01T00:00:00.000Z' FROM n`,
    )
    .bind(tag, n)
    .run();
  onTestFinished(async () => void (await DB().prepare("DELETE FROM ip_marks WHERE id LIKE ?").bind(`mrk_fill_${tag}_%`).run()));
}

describe("the reference register's size cap", () => {
  it("refuses an import that would pass the cap, writing nothing; updates of held marks do not count", async () => {
    const d = db(DB());
    const marks = [mark("Capella"), mark("Capstan"), mark("Caprice")];
    const holds = await count();
    expect(await importMarks(d, marks, new Date(), holds + 2)).toEqual({ full: { cap: holds + 2, holds, adding: 3 } });
    expect(await held(marks)).toBe(0);
    expect(await importMarks(d, marks, new Date(), holds + 3)).toEqual({ imported: 3, updated: 0 });
    // At the cap, re-importing the same marks only updates them.
    expect(await importMarks(d, marks, new Date(), holds + 3)).toEqual({ imported: 0, updated: 3 });
  });

  it("refuses in the batch itself when a concurrent import filled the register after the count", async () => {
    const holds = await count();
    const cap = holds + 2;
    const marks = [mark("Capulet"), mark("Caprock")];
    // Another import lands between this one's count and its batch.
    const racing = d1With(DB(), {
      batch: async (real, stmts) => {
        const other = mark("Capybara");
        await real.prepare("INSERT INTO ip_marks (id, jurisdiction, registration_number, name, owner, nice_classes, designations, status, updated_at) VALUES (?, 'US', ?, ?, 'Cap Ltd', '[9]', '[]', 'registered', '2026-01-01')").bind(`mrk_${crypto.randomUUID()}`, other.registrationNumber, other.name).run();
        return real.batch(stmts);
      },
    });
    const version = () => DB().prepare("SELECT version FROM ip_register_version WHERE id = 1").first<number>("version");
    const before = await version();
    expect(await importMarks(db(racing), marks, new Date(), cap)).toEqual({ full: { cap, holds: holds + 1, adding: 2 } });
    expect(await held(marks)).toBe(0);
    expect(await version()).toBe(before);
  });

  it("answers POST /v1/admin/marks past the cap with a 409 naming the cap, and imports nothing", async () => {
    const holds = await count();
    await fill(MAX_REGISTER_MARKS - holds);
    const refused = await problem(await ip("/v1/admin/marks", { admin: true, json: { items: [{ name: "Capricorn", owner: "Cap Ltd", jurisdiction: "US", niceClasses: [9], registrationNumber: "CAP-HTTP-1" }] } }), 409);
    expect(refused.code).toBe("register_full");
    expect(refused.detail).toContain(`at most ${MAX_REGISTER_MARKS} marks`);
    expect(await DB().prepare("SELECT count(*) AS n FROM ip_marks WHERE registration_number = 'CAP-HTTP-1'").first<number>("n")).toBe(0);
  });
});
