import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogRpc } from "../../../shared/rpc/catalog";
import { answerComplaint, getComplaint } from "../src/store/complaints";
import { db } from "../src/store/db";
import { complaint, evidence, ip, listing, ok, problem, seedCatalogReference, tenant, verifyOwnership } from "./helpers";

beforeAll(seedCatalogReference);

describe("complaints received", () => {
  it("holds the listing at once and records the counter-notice with its deadline and history", async () => {
    const t = tenant();
    const l = await listing(t);
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    expect(c).toMatchObject({ status: "open", listingId: l.id, listing: { status: "held" }, history: [{ status: "open" }] });
    expect(c.dueAt).toBe(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
    const row = await (env as Env).DB.prepare("SELECT status, hold_reason FROM listings WHERE id = ?").bind(l.id).first<{ status: string; hold_reason: string }>();
    expect(row?.status).toBe("held");
    expect(row?.hold_reason).toContain(c.id);

    const e = await evidence(t);
    const countered = await ok(
      await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", reason: "prior_use", priorUseDate: "2015-03-01", evidence: [e], argument: "Sold under Lumora since 2015." } }),
    );
    expect(countered).toMatchObject({ status: "countered", response: { reason: "prior_use", evidence: [e] } });
    expect(countered.history.map((h: { status: string }) => h.status)).toEqual(["open", "countered"]);
    expect(countered.dueAt).toBe(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));

    const twice = await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "accept" } }), 409);
    expect(twice.code).toBe("complaint_answered");
    expect((await ok(await ip(`/v1/ip/complaints/${c.id}`, { tenant: t }))).history).toHaveLength(2);
  });

  it("holds under each complaint's own source, so one complaint's release leaves another's hold", async () => {
    const t = tenant();
    const l = await listing(t);
    const a = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    const b = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id, { right: { mark: "Lumio", jurisdiction: "EU", registrationNumber: "017888888" } }) }), 201);
    const sources = async () =>
      (await (env as Env).DB.prepare("SELECT source FROM listing_holds WHERE listing_id = ? ORDER BY source").bind(l.id).all<{ source: string }>()).results.map((r) => r.source);
    expect(await sources()).toEqual([`complaint:${a.id}`, `complaint:${b.id}`].sort());
    // The catalog lifts exactly the source it is given: complaint a's hold goes, b's keeps the listing held.
    const after = await catalogRpc((env as Env).CATALOG).release(t, l.id, `complaint ${a.id} withdrawn`, `complaint:${a.id}`);
    expect(after).toMatchObject({ status: "held" });
    expect(await sources()).toEqual([`complaint:${b.id}`]);
  });

  it("accepts a complaint, keeping the listing down; a second answer is a 409", async () => {
    const t = tenant();
    const l = await listing(t);
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    const accepted = await ok(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "accept" } }));
    expect(accepted.status).toBe("accepted");
    const answers = await Promise.all([1, 2].map(() => ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "accept" } })));
    expect(answers.map((r) => r.status)).toEqual([409, 409]);
  });

  it("refuses counter-notices without a recognised ground, evidence, or a prior use that predates the filing", async () => {
    const t = tenant();
    const l = await listing(t);
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    const e = await evidence(t);
    const bad = await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", argument: "no" } }), 400);
    expect(bad.errors?.map((x) => x.path).sort()).toEqual(["evidence", "reason"]);
    await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", reason: "because", evidence: [e], argument: "x" } }), 400);
    const late = await problem(
      await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", reason: "prior_use", priorUseDate: "2020-01-01", evidence: [e], argument: "x" } }),
      422,
    );
    expect(late.detail).toMatch(/does not predate/);
    const foreign = await evidence(tenant());
    await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "counter_notice", reason: "invalid_right", evidence: [foreign], argument: "x" } }), 404);
    expect((await ok(await ip(`/v1/ip/complaints/${c.id}`, { tenant: t }))).status).toBe("open");
  });

  it("refuses a counter-notice after the answer window (dueAt, UTC) with answer_window_closed; accepting stays open", async () => {
    const t = tenant();
    const l = await listing(t);
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    const e = await evidence(t);
    const counter = { action: "counter_notice", reason: "prior_use", priorUseDate: "2015-03-01", evidence: [e], argument: "x" };
    // Due yesterday by UTC: the window closed at the end of that day.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await (env as Env).DB.prepare("UPDATE ip_complaints SET due_at = ? WHERE id = ?").bind(yesterday, c.id).run();
    const closed = await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: counter }), 409);
    expect(closed.code).toBe("answer_window_closed");
    expect(closed.detail).toContain(yesterday);
    expect((await ok(await ip(`/v1/ip/complaints/${c.id}`, { tenant: t }))).status).toBe("open");
    expect((await ok(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, json: { action: "accept" } }))).status).toBe("accepted");
  });

  it("lets D1's UTC date decide a counter-notice at the write, whatever the route's own read of dueAt said", async () => {
    const t = tenant();
    const l = await listing(t);
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    const d = db((env as Env).DB);
    const read = (await getComplaint(d, t, c.id))!.row;
    // The window closes between the route's check and its write (midnight UTC, or a clock behind D1's).
    await (env as Env).DB.prepare("UPDATE ip_complaints SET due_at = '2020-01-01' WHERE id = ?").bind(c.id).run();
    const move = answerComplaint(d, read, "countered", { action: "counter_notice" }, "2099-01-01", "late", new Date().toISOString());
    await expect(d.batch(move.writes)).rejects.toThrow();
    expect(await move.recheck()).toMatchObject({ status: "open", dueAt: "2020-01-01", allowed: false, landed: false });
    // An acceptance is not bound to the window.
    const accept = answerComplaint(d, read, "accepted", { action: "accept" }, read.dueAt, "accepted", new Date().toISOString());
    await d.batch(accept.writes);
    expect((await getComplaint(d, t, c.id))!.row.status).toBe("accepted");
  });

  it("gives the key back after a counter-notice refused for its dates (422): the corrected one under it is filed, and replayed", async () => {
    const t = tenant();
    const l = await listing(t);
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    const e = await evidence(t);
    const respond = (priorUseDate: string) =>
      ip(`/v1/ip/complaints/${c.id}/response`, { tenant: t, headers: { "idempotency-key": "counter-fix" }, json: { action: "counter_notice", reason: "prior_use", priorUseDate, evidence: [e], argument: "x" } });
    expect((await problem(await respond("2020-01-01"), 422)).code).toBe("counter_notice_rejected");
    const fixed = await respond("2015-03-01");
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
    const countered = await ok(fixed);
    expect(countered.status).toBe("countered");
    const again = await respond("2015-03-01");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await ok(again)).toEqual(countered);
  });

  it("makes retried creating POSTs safe with Idempotency-Key: complaints, responses, assets, cases and moves", async () => {
    const t = tenant();
    const l = await listing(t);
    const keyed = (path: string, json: unknown, key: string) => ip(path, { tenant: t, json, headers: { "idempotency-key": key } });
    const twice = async (path: string, json: unknown, key: string, status = 201) => {
      const first = await ok(await keyed(path, json, key), status);
      const res = await keyed(path, json, key);
      expect(res.headers.get("idempotent-replayed")).toBe("true");
      expect(await ok(res, status)).toEqual(first);
      return first;
    };
    const c = await twice("/v1/ip/complaints", complaint(l.id), "cmp-1");
    const count = await (env as Env).DB.prepare("SELECT count(*) AS n FROM ip_complaints WHERE tenant_id = ?").bind(t).first<{ n: number }>();
    expect(count?.n).toBe(1);
    // Without the key a retried answer would be a 409 (already answered); with it, the first answer.
    await twice(`/v1/ip/complaints/${c.id}/response`, { action: "accept" }, "cmp-1-accept", 200);

    const asset = await twice("/v1/ip/assets", { kind: "trademark", jurisdiction: "EU", name: "Lumora", niceClasses: [11], registrationNumber: "018000009", owner: "Demo", status: "registered" }, "asset-1");
    expect((await ok(await ip("/v1/ip/assets", { tenant: t }))).items).toHaveLength(1);
    await verifyOwnership(asset.id);
    const e = await evidence(t);
    const kase = await twice("/v1/ip/cases", { assetId: asset.id, infringer: { name: "Fake Shop", email: "x@fake.example" } }, "case-1");
    await twice(`/v1/ip/cases/${kase.id}/evidence`, { evidenceIds: [e] }, "case-1-attach", 200);
    const moved = await twice(`/v1/ip/cases/${kase.id}/advance`, { to: "warning_letter" }, "case-1-letter", 200);
    expect(moved.timeline).toHaveLength(2);
    // Another body under a used key is refused, not run.
    expect((await problem(await keyed("/v1/ip/assets", { kind: "copyright", jurisdiction: "US", name: "Other", owner: "Demo", status: "registered" }, "asset-1"), 409)).code).toBe("idempotency_key_reused");
  });

  it("answers 404 for another tenant's listing or complaint, writing nothing", async () => {
    const t = tenant();
    const l = await listing(t);
    const other = tenant();
    await problem(await ip("/v1/ip/complaints", { tenant: other, json: complaint(l.id) }), 404);
    const row = await (env as Env).DB.prepare("SELECT status FROM listings WHERE id = ?").bind(l.id).first<{ status: string }>();
    expect(row?.status).not.toBe("held");
    const c = await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint(l.id) }), 201);
    await problem(await ip(`/v1/ip/complaints/${c.id}`, { tenant: other }), 404);
    await problem(await ip(`/v1/ip/complaints/${c.id}/response`, { tenant: other, json: { action: "accept" } }), 404);
  });
});

describe("the complaints inbox", () => {
  it("lists only the tenant's complaints, newest first, paged by cursor and filtered by status", async () => {
    const t = tenant();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await ok(await ip("/v1/ip/complaints", { tenant: t, json: complaint((await listing(t)).id) }), 201)).id);
    await ok(await ip(`/v1/ip/complaints/${made[0]}/response`, { tenant: t, json: { action: "accept" } }));
    const other = tenant();
    await ok(await ip("/v1/ip/complaints", { tenant: other, json: complaint((await listing(other)).id) }), 201);

    const first = await ok(await ip("/v1/ip/complaints?limit=2", { tenant: t }));
    expect(first.items.map((c: { id: string }) => c.id)).toEqual([made[2], made[1]]);
    expect(first.items[0]).toMatchObject({ status: "open", listing: { status: "held" }, complaint: { right: { mark: "Lumina" } } });
    expect(first.items[0]).not.toHaveProperty("history");
    expect(first.items[0]).not.toHaveProperty("tenantId");
    const second = await ok(await ip(`/v1/ip/complaints?limit=2&cursor=${first.nextCursor}`, { tenant: t }));
    expect(second).toMatchObject({ items: [{ id: made[0], status: "accepted" }], nextCursor: null });

    const open = await ok(await ip("/v1/ip/complaints?status=open", { tenant: t }));
    expect(open.items.map((c: { id: string }) => c.id)).toEqual([made[2], made[1]]);
    expect((await ok(await ip("/v1/ip/complaints?status=countered", { tenant: t }))).items).toEqual([]);
  });

  it("answers a bad status, limit or cursor with a problem naming the query field", async () => {
    const t = tenant();
    expect((await problem(await ip("/v1/ip/complaints?status=pending", { tenant: t }), 400)).errors?.[0]?.path).toBe("query.status");
    expect((await problem(await ip("/v1/ip/complaints?limit=101", { tenant: t }), 400)).errors?.[0]?.path).toBe("query.limit");
    expect((await problem(await ip("/v1/ip/complaints?cursor=not-ours", { tenant: t }), 400)).errors?.[0]?.path).toBe("query.cursor");
  });
});
