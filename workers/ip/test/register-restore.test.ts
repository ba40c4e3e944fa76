import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import afterRestore from "../../../scripts/after-restore/ip.sql?raw";
import { db } from "../src/store/db";
import { importMarks, type MarkInput } from "../src/store/register";

// A D1 Time Travel restore puts the reference register's marks and version back as they were at an earlier time,
// while isolates keep the index they built under the versions issued since (docs/d1-restore.md).
const DB = () => (env as Env).DB;
const d = db(DB());

const version = async () => (await DB().prepare("SELECT version FROM ip_register_version WHERE id = 1").first<number>("version"))!;
const setVersion = (v: number) => DB().prepare("UPDATE ip_register_version SET version = ? WHERE id = 1").bind(v);

/** The register module as another isolate holds it: its own cached index, which this isolate's imports do not drop. */
const anotherIsolate = (): Promise<typeof import("../src/store/register")> => import(/* @vite-ignore */ `../src/store/register?isolate=${crypto.randomUUID()}`);

const mark = (name: string): MarkInput => ({ jurisdiction: "US", registrationNumber: `RST-${crypto.randomUUID()}`, name, owner: "R Ltd", niceClasses: [9], designations: [], status: "registered" });
const names = (index: Awaited<ReturnType<Awaited<ReturnType<typeof anotherIsolate>>["registerIndex"]>>, text: string) => index.match(text).map((m) => m.mark.name);

/** A restore comes after the writes it discards, in time: a millisecond passes first (two steps can fall in one, no restore can). */
const later = () => new Promise((r) => setTimeout(r, 2));

/**
 * The register as a restore to `restorePoint` leaves it: `gone` (imported after that point) no longer there, the
 * version back to what it was then.
 */
async function restore(restorePoint: number, gone: MarkInput) {
  await later();
  await DB().batch([DB().prepare("DELETE FROM ip_marks WHERE registration_number = ?").bind(gone.registrationNumber), setVersion(restorePoint)]);
}

/** An isolate that built its index with `gone` in it, under the version the import of `gone` issued. */
async function isolateHolding(gone: MarkInput, t0: number) {
  const isolate = await anotherIsolate();
  const index = await isolate.registerIndex(d, t0);
  expect(names(index, `${gone.name} lamp`)).toEqual([gone.name]);
  return isolate;
}

describe("the register's version", () => {
  it("moves up with every import, by one where it runs ahead of the clock", async () => {
    const issued: number[] = [];
    for (let i = 0; i < 5; i++) {
      await importMarks(d, []);
      issued.push(await version());
    }
    expect(issued.every((v, i) => i === 0 || v > issued[i - 1]!)).toBe(true);
    // Bumped faster than once a millisecond, a version runs ahead of the clock and still moves up.
    const ahead = issued.at(-1)! + 60_000;
    // Back behind the clock afterwards, for the tests after this one.
    onTestFinished(async () => void (await setVersion(issued.at(-1)!).run()));
    await setVersion(ahead).run();
    await importMarks(d, []);
    expect(await version()).toBe(ahead + 1);
  });

  it("after a restore, the next import issues a version above every one issued before it: an isolate holding the discarded register rebuilds", async () => {
    await importMarks(d, []);
    const restorePoint = await version();
    const [gone, kept] = [mark("Vexolind"), mark("Quarnelle")];
    await importMarks(d, [gone]); // an import the restore undoes
    const discarded = await version();
    const t0 = Date.now();
    const isolate = await isolateHolding(gone, t0);

    await restore(restorePoint, gone);
    await importMarks(d, [kept]);
    // Before, a restore then one import issued `discarded` again: the isolate kept serving the index with `gone` in it.
    const index = await isolate.registerIndex(d, t0 + 5_000);
    expect(names(index, "Vexolind lamp")).toEqual([]);
    expect(names(index, "Quarnelle lamp")).toEqual(["Quarnelle"]);
    expect(await version()).toBeGreaterThan(discarded);
  });

  it("the operators' step moves it past every version issued before the restore, so every isolate rebuilds at its next check", async () => {
    await importMarks(d, []);
    const restorePoint = await version();
    const gone = mark("Brondavel");
    await importMarks(d, [gone]);
    const discarded = await version();
    const t0 = Date.now();
    const isolate = await isolateHolding(gone, t0);

    await restore(restorePoint, gone);
    const statements = afterRestore.replace(/^\s*--.*$/gm, "").split(";").map((s) => s.trim()).filter(Boolean);
    await DB().batch(statements.map((s) => DB().prepare(s)));
    expect(await version()).toBeGreaterThan(discarded);
    expect(names(await isolate.registerIndex(d, t0 + 5_000), "Brondavel lamp")).toEqual([]);
  });
});
