import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it } from "vitest";
import { ipComplaints, listingHolds, listings } from "../../../shared/db/schema";
import { newId } from "../../../shared/ids";
import { addDays, today } from "../src/domain/dates";
import IpService from "../src/index";
import { db } from "../src/store/db";
import { recordCourtAction } from "../src/store/complaints";
import { complaint, evidence, ip, listing, ok, problem, seedCatalogReference, tenant } from "./helpers";

beforeAll(seedCatalogReference);

const DB = () => (env as Env).DB;
const yesterday = () => addDays(today(), -1);
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** One run of the IP Worker's cron, through its scheduled handler. */
async function cron() {
  const ctx = createExecutionContext();
  await new IpService(ctx, env as Env).scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }));
  await waitOnExecutionContext(ctx);
}

/** A complaint against a new listing of `t`'s, countered by the tenant (due in 14 days). */
async function countered(t: string, listingId?: string) {
  const l = listingId ?? (await listing(t)).id;
  const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l) }), 201);
  const e = await evidence(t);
  await ok(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", reason: "no_likelihood_of_confusion", evidence: [e], argument: "Different goods." } }));
  return { listingId: l, id: c.id as string };
}

const lapse = (complaintId: string) => DB().prepare("UPDATE ip_complaints SET due_at = ? WHERE id = ?").bind(yesterday(), complaintId).run();
const read = async (t: string, id: string) => ok(await ip(`/v1/ip/complaints/${id}`, { tenant: t }));
const statuses = (c: { history: { status: string }[] }) => c.history.map((h) => h.status);
const listingStatus = async (id: string) => (await DB().prepare("SELECT status FROM listings WHERE id = ?").bind(id).first<{ status: string }>())?.status;
const holdSources = async (listingId: string) =>
  (await DB().prepare("SELECT source FROM listing_holds WHERE listing_id = ? ORDER BY source").bind(listingId).all<{ source: string }>()).results.map((r) => r.source);
const courtAction = (over: Record<string, unknown> = {}) => ({ filedAt: today(), court: "Landgericht München I", reference: "33 O 1234/26", ...over });

describe("the counter-notice window", () => {
  it("restores the listing once the window has passed with no court action, and not before", async () => {
    const t = tenant();
    const c = await countered(t);
    await cron();
    expect((await read(t, c.id)).status).toBe("countered");
    expect(await listingStatus(c.listingId)).toBe("held");

    await lapse(c.id);
    await cron();
    const restored = await read(t, c.id);
    expect(restored.status).toBe("restored");
    expect(statuses(restored)).toEqual(["open", "countered", "restored"]);
    expect(restored.history.at(-1).note).toBe(`no court action reported by ${yesterday()}; complaint hold released, listing active`);
    expect(await listingStatus(c.listingId)).toBe("active");
    expect(await holdSources(c.listingId)).toEqual([]);
    await cron();
    expect(statuses(await read(t, c.id))).toEqual(["open", "countered", "restored"]);
  });

  it("restores once when two runs overlap", async () => {
    const t = tenant();
    const c = await countered(t);
    await lapse(c.id);
    await Promise.all([cron(), cron()]);
    expect(statuses(await read(t, c.id))).toEqual(["open", "countered", "restored"]);
  });

  it("releases only the complaint's own hold: a listing another complaint holds stays held", async () => {
    const t = tenant();
    const c = await countered(t);
    const other = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(c.listingId, { right: { mark: "Lumio", jurisdiction: "EU", registrationNumber: "017888888" } }) }), 201);
    await lapse(c.id);
    await cron();
    expect((await read(t, c.id)).history.at(-1)).toMatchObject({ status: "restored", note: expect.stringMatching(/listing held$/) });
    expect(await holdSources(c.listingId)).toEqual([`complaint:${other.id}`]);
    expect(await listingStatus(c.listingId)).toBe("held");
  });
});

describe("court action", () => {
  it("within the window keeps the listing held, shows on the complaint, and the cron leaves it", async () => {
    const t = tenant();
    const c = await countered(t);
    const inCourt = await ok(await ip(`/v1/ip/complaints/${c.id}/court-action`, { tenant: t, json: courtAction() }));
    expect(inCourt).toMatchObject({ status: "in_court", courtAction: { filedAt: today(), court: "Landgericht München I", reference: "33 O 1234/26" } });
    expect(statuses(inCourt)).toEqual(["open", "countered", "in_court"]);
    expect(inCourt.history.at(-1).note).toBe(`court action filed ${today()} at Landgericht München I (33 O 1234/26); listing stays held`);
    expect(await read(t, c.id)).toEqual(inCourt);

    await lapse(c.id); // the window passes: the lawsuit keeps the listing down
    await cron();
    expect((await read(t, c.id)).status).toBe("in_court");
    expect(await holdSources(c.listingId)).toEqual([`complaint:${c.id}`]);
    expect(await listingStatus(c.listingId)).toBe("held");
    const inbox = await ok(await ip("/v1/ip/complaints?status=in_court", { tenant: t }));
    expect(inbox.items.map((k: { id: string }) => k.id)).toEqual([c.id]);
    expect(inbox.items[0]).not.toHaveProperty("courtAction");
  });

  it("is a 409 once the window has passed, on an open or accepted complaint, and a second time", async () => {
    const t = tenant();
    const late = await countered(t);
    await lapse(late.id);
    expect((await problem(await ip(`/v1/ip/complaints/${late.id}/court-action`, { tenant: t, json: courtAction() }), 409)).code).toBe("counter_window_closed");

    const open = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint((await listing(t)).id) }), 201);
    expect((await problem(await ip(`/v1/ip/complaints/${open.id}/court-action`, { tenant: t, json: courtAction() }), 409)).code).toBe("complaint_not_countered");
    await ok(await ip(`/v1/ip/complaints/${open.id}/response`, { tenant: t, json: { action: "accept" } }));
    expect((await problem(await ip(`/v1/ip/complaints/${open.id}/court-action`, { tenant: t, json: courtAction() }), 409)).code).toBe("complaint_not_countered");

    const c = await countered(t);
    const [a, b] = await Promise.all([1, 2].map(() => ip(`/v1/ip/complaints/${c.id}/court-action`, { tenant: t, json: courtAction() })));
    expect([a!.status, b!.status].sort()).toEqual([200, 409]);
    expect(statuses(await read(t, c.id))).toEqual(["open", "countered", "in_court"]);
    expect(statuses(await read(t, late.id))).toEqual(["open", "countered"]);
  });

  it("is refused by the write itself once D1's date is past dueAt, writing nothing", async () => {
    const t = tenant();
    const c = await countered(t);
    await lapse(c.id);
    const at = new Date().toISOString();
    const move = recordCourtAction(db(DB()), { tenantId: t, id: c.id }, { filedAt: today(), court: "X", recordedAt: at }, "x", at);
    await expect(db(DB()).batch(move.writes)).rejects.toThrow();
    expect(await move.recheck()).toEqual({ status: "countered", dueAt: yesterday(), allowed: false, landed: false });
    expect(await read(t, c.id)).toMatchObject({ status: "countered", courtAction: null, history: [{ status: "open" }, { status: "countered" }] });
  });

  it("answers a bad body with a 400 naming the field, a bad id with a 400, and another tenant's complaint with a 404", async () => {
    const t = tenant();
    const c = await countered(t);
    const path = `/v1/ip/complaints/${c.id}/court-action`;
    const fields = async (json: unknown) => (await problem(await ip(path, { tenant: t, json }), 400)).errors?.map((e) => e.path);
    expect(await fields(courtAction({ filedAt: addDays(today(), 1) }))).toEqual(["filedAt"]);
    expect(await fields(courtAction({ filedAt: "01/02/2026" }))).toEqual(["filedAt"]);
    expect(await fields(courtAction({ court: " " }))).toEqual(["court"]);
    expect(await fields(courtAction({ court: "x".repeat(201) }))).toEqual(["court"]);
    expect(await fields(courtAction({ reference: "r".repeat(101) }))).toEqual(["reference"]);
    expect(await fields({ court: "X" })).toEqual(["filedAt"]);
    expect((await problem(await ip(path, { tenant: t, json: courtAction({ judge: "Y" }) }), 400)).errors?.[0]?.message).toMatch(/judge/);
    await problem(await ip(`/v1/ip/complaints/not-an-id/court-action`, { tenant: t, json: courtAction() }), 400);
    await problem(await ip(path, { tenant: tenant(), json: courtAction() }), 404);
    expect(statuses(await read(t, c.id))).toEqual(["open", "countered"]);
  });

  it("answers a retry with the same Idempotency-Key with the first answer, adding no second event", async () => {
    const t = tenant();
    const c = await countered(t);
    const send = () => ip(`/v1/ip/complaints/${c.id}/court-action`, { tenant: t, json: courtAction(), headers: { "idempotency-key": `court-${c.id}` } });
    const first = await ok(await send());
    const again = await send();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again)).toEqual(first);
    expect(statuses(await read(t, c.id))).toEqual(["open", "countered", "in_court"]);
  });
});

describe("orphaned complaint holds", () => {
  const d = () => drizzle(DB());
  /** Starts the sweep just before `createdAt`: holds other tests left older than that are behind it. */
  const sweepFrom = (createdAt: string) =>
    DB().prepare("INSERT OR REPLACE INTO ip_hold_sweep (id, created_at, listing_id, source, swept_at) VALUES (1, ?, '', '', ?)").bind(createdAt, createdAt).run();
  /** A `complaint:<id>` hold placed `minutes` ago on a listing of `t`'s, naming a complaint that was never recorded. */
  async function orphan(t: string, minutes: number, listingId?: string) {
    const l = listingId ?? (await listing(t)).id;
    const source = `complaint:${newId("cmp")}`;
    await d().batch([
      d().insert(listingHolds).values({ listingId: l, source, reason: "IP complaint never recorded", createdAt: ago(minutes) }),
      d().update(listings).set({ status: "held", version: sql`${listings.version} + 1` }).where(eq(listings.id, l)),
    ]);
    return { listingId: l, source };
  }

  it("releases a hold over 10 minutes old whose complaint was never recorded, and no other", async () => {
    const t = tenant();
    await sweepFrom(ago(12));
    const old = await orphan(t, 11);
    const fresh = await orphan(t, 1);
    const recorded = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint((await listing(t)).id) }), 201);
    await DB().prepare("UPDATE listing_holds SET created_at = ? WHERE source = ?").bind(ago(11), `complaint:${recorded.id}`).run();
    const shared = await countered(t);
    await orphan(t, 11, shared.listingId);

    await cron();
    expect(await holdSources(old.listingId)).toEqual([]);
    expect(await listingStatus(old.listingId)).toBe("active");
    expect(await holdSources(fresh.listingId)).toEqual([fresh.source]);
    expect(await holdSources(recorded.listingId)).toEqual([`complaint:${recorded.id}`]);
    expect(await listingStatus(recorded.listingId)).toBe("held");
    expect(await holdSources(shared.listingId)).toEqual([`complaint:${shared.id}`]);
    expect(await listingStatus(shared.listingId)).toBe("held");
  });

  it("reaches an orphan behind a full page of live complaints' holds on a later run", async () => {
    const t = tenant();
    await sweepFrom(ago(31));
    // 50 accepted complaints, their holds older than the orphan: the oldest page holds nothing to release.
    const live = await Promise.all(Array.from({ length: 50 }, () => listing(t)));
    const [first, ...rest] = live.flatMap((l, i) => {
      const id = newId("cmp");
      const at = new Date(Date.now() - 30 * 60_000 + i).toISOString();
      return [
        d().insert(ipComplaints).values({ id, tenantId: t, listingId: l.id, status: "accepted", complaint: {}, dueAt: today(), receivedAt: at }),
        d().insert(listingHolds).values({ listingId: l.id, source: `complaint:${id}`, reason: "accepted complaint", createdAt: at }),
      ];
    });
    await d().batch([first!, ...rest]);
    const behind = await orphan(t, 11);
    await cron();
    expect(await holdSources(behind.listingId)).toEqual([behind.source]);
    await cron();
    expect(await holdSources(behind.listingId)).toEqual([]);
    expect(await holdSources(live[0]!.id)).toHaveLength(1);
  });
});
