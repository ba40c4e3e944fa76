import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { restoreLapsed } from "../src/complaint-cron";
import { addDays, today } from "../src/domain/dates";
import { restoreComplaint } from "../src/store/complaints";
import { db } from "../src/store/db";
import { complaint, d1With, evidence, ip, ipWith, listing, ok, problem, seedCatalogReference, tenant } from "./helpers";

beforeAll(seedCatalogReference);

const DB = () => (env as Env).DB;
const listingStatus = async (id: string) => (await DB().prepare("SELECT status FROM listings WHERE id = ?").bind(id).first<{ status: string }>())?.status;
const holdSources = async (listingId: string) =>
  (await DB().prepare("SELECT source FROM listing_holds WHERE listing_id = ? ORDER BY source").bind(listingId).all<{ source: string }>()).results.map((r) => r.source);
const complaintsOf = async (t: string) => (await DB().prepare("SELECT id FROM ip_complaints WHERE tenant_id = ?").bind(t).all<{ id: string }>()).results.map((r) => r.id);

/** A D1 whose first batch fails: after committing it (D1's "Network connection lost" once the write landed), or before running it. */
function firstBatchFails(committed: boolean) {
  let failed = false;
  return d1With(DB(), {
    async batch(real, stmts) {
      if (failed) return real.batch(stmts);
      failed = true;
      if (committed) await real.batch(stmts);
      throw new Error("D1_ERROR: Network connection lost.");
    },
  });
}

describe("recording a complaint when D1's answer is lost", () => {
  it("keeps the hold of a complaint whose batch D1 committed though it failed, so the 201 a retry replays is true", async () => {
    const t = tenant();
    const l = await listing(t);
    const send = (database: D1Database) => ipWith(database, "/v1/ip/complaints", { tenant: t, json: complaint(l.id), headers: { "idempotency-key": "cmp-lost-answer" } });
    expect((await send(firstBatchFails(true))).status).toBe(500);
    const again = await send(DB());
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const c = await ok(again, 201);
    expect(c).toMatchObject({ status: "open", listing: { status: "held" } });
    expect(await complaintsOf(t)).toEqual([c.id]);
    // Before, the catch released the hold anyway: an open complaint saying "held" over a live listing.
    expect(await holdSources(l.id)).toEqual([`complaint:${c.id}`]);
    expect(await listingStatus(l.id)).toBe("held");
  });

  it("still gives the hold back when nothing was written, and keeps it for the sweep when it cannot tell", async () => {
    const t = tenant();
    const l = await listing(t);
    expect((await ipWith(firstBatchFails(false), "/v1/ip/complaints", { tenant: t, json: complaint(l.id) })).status).toBe(500);
    expect(await complaintsOf(t)).toEqual([]);
    expect(await holdSources(l.id)).toEqual([]);
    expect(await listingStatus(l.id)).toBe("active");

    // The batch fails and the complaint cannot be read either: the hold stays, for the orphan sweep to judge.
    const blind = d1With(firstBatchFails(false), {
      prepare: (real, sql) => (/^select/i.test(sql) && sql.includes('"ip_complaints"') ? (() => { throw new Error("read failed"); })() : real.prepare(sql)),
    });
    expect((await ipWith(blind, "/v1/ip/complaints", { tenant: t, json: complaint(l.id) })).status).toBe(500);
    expect(await complaintsOf(t)).toEqual([]);
    expect(await holdSources(l.id)).toEqual([expect.stringMatching(/^complaint:cmp_/)]);
  });
});

/** A D1 whose reads of complaints fail once anything was written: a move used to be read back after its batch. */
function readsFailAfterWrite() {
  let wrote = false;
  return d1With(DB(), {
    batch: (real, stmts) => real.batch(stmts).finally(() => (wrote = true)),
    prepare: (real, sql) => (wrote && /^select/i.test(sql) && sql.includes('"ip_complaint') ? (() => { throw new Error("read failed"); })() : real.prepare(sql)),
  });
}

describe("moving a complaint under an Idempotency-Key", () => {
  /** Sends `json` to the complaint's `path` under one key: first through `first`, then again through the real D1. */
  async function twice(t: string, path: string, json: unknown, key: string) {
    const send = (database: D1Database) => ipWith(database, path, { tenant: t, json, headers: { "idempotency-key": key } });
    const first = await ok(await send(readsFailAfterWrite()));
    const again = await send(DB());
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again)).toEqual(first);
    return first;
  }

  it("stores the answer with the response, so a failed read after it cannot leave the retry a 409 complaint_answered", async () => {
    const t = tenant();
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint((await listing(t)).id) }), 201);
    const accepted = await twice(t, `/v1/ip/complaints/${c.id}/response`, { action: "accept" }, "accept-once");
    expect(accepted).toMatchObject({ id: c.id, status: "accepted", response: { action: "accept" }, history: [{ status: "open" }, { status: "accepted", note: "complaint accepted; listing stays held" }] });
    // What the answer said is what was stored.
    expect(await ok(await ip(`/v1/ip/complaints/${c.id}`, { tenant: t }))).toEqual(accepted);
  });

  it("stores the answer with the court action, so a failed read after it cannot leave the retry a 409 complaint_not_countered", async () => {
    const t = tenant();
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint((await listing(t)).id) }), 201);
    const e = await evidence(t);
    await ok(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", reason: "no_likelihood_of_confusion", evidence: [e], argument: "Different goods." } }));
    const inCourt = await twice(t, `/v1/ip/complaints/${c.id}/court-action`, { filedAt: today(), court: "Landgericht München I" }, "court-once");
    expect(inCourt).toMatchObject({ status: "in_court", courtAction: { court: "Landgericht München I" }, history: [{ status: "open" }, { status: "countered" }, { status: "in_court" }] });
    expect(await ok(await ip(`/v1/ip/complaints/${c.id}`, { tenant: t }))).toEqual(inCourt);
  });
});

describe("moving a complaint when D1's answer is lost", () => {
  it("answers the move D1 committed though its batch failed as done, not as refused, even with no Idempotency-Key", async () => {
    const t = tenant();
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint((await listing(t)).id) }), 201);
    // Before, the recheck found the complaint no longer open and answered 409 complaint_answered to the answer it had taken.
    const accepted = await ok(await ipWith(firstBatchFails(true), `/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "accept" } }));
    expect(accepted).toMatchObject({ status: "accepted", history: [{ status: "open" }, { status: "accepted" }] });
    expect(await ok(await ip(`/v1/ip/complaints/${c.id}`, { tenant: t }))).toEqual(accepted);
    // Another answer after it is still refused.
    expect((await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "accept" } }), 409)).code).toBe("complaint_answered");
  });
});

/** A countered complaint of a new tenant's whose counter-notice window closed yesterday: the cron's to restore. */
async function lapsed() {
  const t = tenant();
  const l = await listing(t);
  const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
  const counter = { action: "counter_notice", reason: "no_likelihood_of_confusion", evidence: [await evidence(t)], argument: "Different goods." };
  await ok(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: counter }));
  await DB().prepare("UPDATE ip_complaints SET due_at = ? WHERE id = ?").bind(addDays(today(), -1), c.id).run();
  return { t, tenantId: t, listingId: l.id, id: c.id as string };
}
const historyOf = async (t: string, id: string) => (await ok(await ip(`/v1/ip/complaints/${id}`, { tenant: t }))).history.map((h: { status: string }) => h.status);

describe("restoring a lapsed complaint when D1's answer is lost", () => {
  it("counts a restore D1 committed though its batch failed as done, not as moved on", async () => {
    const c = await lapsed();
    // The batch that restored this complaint lands, then D1 reports the connection lost (other complaints' batches answer).
    let failed = false;
    const lost = d1With(DB(), {
      async batch(real, stmts) {
        const results = await real.batch(stmts);
        const status = await DB().prepare("SELECT status FROM ip_complaints WHERE id = ?").bind(c.id).first<string>("status");
        if (!failed && status === "restored") {
          failed = true;
          throw new Error("D1_ERROR: Network connection lost.");
        }
        return results;
      },
    });
    const run = await restoreLapsed({ ...(env as Env), DB: lost });
    expect(failed).toBe(true);
    // Before, the recheck found the complaint no longer countered and dropped it from the run's outcome as moved on.
    expect(run.done).toContain(c.id);
    expect(run.failed).not.toContain(c.id);
    expect(await historyOf(c.t, c.id)).toEqual(["open", "countered", "restored"]);
    expect(await holdSources(c.listingId)).toEqual([]);
    expect(await listingStatus(c.listingId)).toBe("active");
  });

  it("throws for a restore D1 did not write, so the run retries it, and answers a restore another run made as moved on", async () => {
    const c = await lapsed();
    const at = new Date().toISOString();
    await expect(restoreComplaint(db(firstBatchFails(false)), c, "no court action", at)).rejects.toThrow(/Network connection lost/);
    expect(await historyOf(c.t, c.id)).toEqual(["open", "countered"]);
    expect(await restoreComplaint(db(DB()), c, "no court action", at)).toBe(true);
    expect(await restoreComplaint(db(DB()), c, "no court action", at)).toBe(false);
    // A batch that failed after the other run's restore: refused, not this move's, so moved on too.
    expect(await restoreComplaint(db(firstBatchFails(false)), c, "no court action", at)).toBe(false);
    expect(await historyOf(c.t, c.id)).toEqual(["open", "countered", "restored"]);
  });
});
