import { beforeAll, describe, expect, it } from "vitest";
import { iso } from "../src/service/deps";
import { refundIntent } from "../src/service/settle";
import { itemsInReview } from "../src/store/review";
import { ENV, adyenNotifies, adyenWebhook, call, json, newTenantId, resetSim, simCharges } from "./helpers";
import { plan, recording } from "./query-plans";
import {
  MONTH,
  adyenTenant,
  authorized,
  deps,
  everyKindInReview,
  inReview,
  list,
  modificationInReview,
  pspReference,
  read,
  refundInReview,
  refused,
  resolve,
  type Item,
  type Page,
  type Refund,
  type Seen,
} from "./review-items";

// The operator's view of what reconciliation moved out of its queues for review (past the provider's key window at
// a provider with no read: Adyen), and the operator's word on a capture, cancel or refund after checking Adyen.
// A charge in review: review-charge.test.ts; retries and references: review-resolve.test.ts.

/** Every page of the tenant's review list at `limit` a page. */
async function allPages(tenant: string, limit: number) {
  const pages: Item[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await json<Page>(await list(tenant, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`), 200);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

// Nothing here changes the simulator's scenario: it is reset once, from whatever the files before left.
beforeAll(resetSim);

describe("GET /v1/payments/review", () => {
  // What the list's first tests read, made once: a tenant with an item of each kind, and another's refund. None of
  // these tests settles an item (the paging test only moves their times in review, within the last minute).
  let mine: string;
  let theirs: string;
  let item: Awaited<ReturnType<typeof everyKindInReview>>;
  let theirRefund: Refund;
  beforeAll(async () => {
    [mine, theirs] = await Promise.all([adyenTenant(), adyenTenant()]);
    [item, theirRefund] = await Promise.all([everyKindInReview(mine), refundInReview(theirs)]);
  });

  it("lists each item in review, of every kind, with its amount, provider, since when, why and what to check at the provider", async () => {
    const { capture, cancel, refund, charge } = item;
    const { items, nextCursor } = await json<Page>(await list(mine), 200);
    expect(nextCursor).toBeNull();
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(Object.keys(byKind).sort()).toEqual(["cancel", "capture", "charge", "refund"]);
    const captured = await read(mine, capture);
    expect(byKind.capture).toMatchObject({ intentId: capture, refundId: null, amount: 1000, currency: "EUR", provider: "adyen", paymentRef: captured.attempts[0]!.providerRef });
    expect(byKind.cancel).toMatchObject({ intentId: cancel, amount: 2500, provider: "adyen" });
    expect(byKind.refund).toMatchObject({ intentId: refund.intentId, refundId: refund.refundId, amount: 500, reference: refund.refundId });
    expect(byKind.charge).toMatchObject({ intentId: charge, amount: 2500, paymentRef: null, reference: `${charge}:1` });
    for (const item of items) {
      expect(Date.now() - Date.parse(item.since)).toBeLessThan(60_000);
      expect(Date.now() - Date.parse(item.sentAt)).toBeGreaterThan(MONTH - 60_000);
      // The note is the one reconciliation left on the intent; the check names what to search Adyen by.
      expect(item.note).toMatch(/past adyen's idempotency-key window.*needs review at adyen$/);
      expect(item.check).toContain(item.reference);
    }
    expect(byKind.capture!.note).toBe(captured.lastError);
    expect(byKind.refund!.note).toMatch(new RegExp(`^refund ${refund.refundId} of 500 sent at `));
    expect(byKind.charge!.note).toMatch(/^charge attempt 1 sent at /);
  });

  it("a tenant sees only its own items", async () => {
    const { capture, cancel, refund, charge } = item;
    expect((await json<Page>(await list(mine), 200)).items.map((i) => i.refundId ?? i.intentId).sort()).toEqual([capture, cancel, refund.refundId, charge].sort());
    expect((await json<Page>(await list(theirs), 200)).items.map((i) => i.refundId)).toEqual([theirRefund.refundId]);
    expect((await json<Page>(await list(newTenantId()), 200)).items).toEqual([]);
    // Nor can it settle another's.
    expect((await resolve(mine, theirRefund.refundId, { outcome: "not_done" })).status).toBe(404);
    expect((await resolve(theirs, capture, { outcome: "done" })).status).toBe(404);
    expect((await json<Page>(await list(theirs), 200)).items).toHaveLength(1);
    expect((await read(mine, capture)).pending?.action).toBe("capture");
  });

  it("pages by an opaque cursor, oldest in review first, each item once, ties of time across kinds included", async () => {
    const { capture, cancel, refund, charge } = item;
    const tenant = mine;
    // Capture, refund and charge moved to review at the same instant; the cancel before them.
    const at = iso(Date.now() - 1000);
    await ENV.DB.prepare("UPDATE payment_intents SET pending_review_at = ? WHERE id = ?").bind(at, capture).run();
    await ENV.DB.prepare("UPDATE payment_intents SET pending_review_at = ? WHERE id = ?").bind(iso(Date.now() - 5000), cancel).run();
    await ENV.DB.prepare("UPDATE payment_refunds SET review_at = ? WHERE id = ?").bind(at, refund.refundId).run();
    await ENV.DB.prepare("UPDATE payment_intents SET stuck_review_at = ? WHERE id = ?").bind(at, charge).run();

    const whole = (await json<Page>(await list(tenant, "?limit=100"), 200)).items.map((i) => `${i.kind}:${i.refundId ?? i.intentId}`);
    expect(whole).toHaveLength(4);
    expect(whole[0]).toBe(`cancel:${cancel}`);
    for (const limit of [1, 2, 3]) {
      const pages = await allPages(tenant, limit);
      expect(pages.flat().map((i) => `${i.kind}:${i.refundId ?? i.intentId}`), `limit ${limit}`).toEqual(whole);
      expect(pages.every((p) => p.length <= limit)).toBe(true);
    }
  });

  it("an item settled leaves the list: Adyen's notification of the capture", async () => {
    const tenant = await adyenTenant();
    const capture = await modificationInReview(tenant, "capture");
    expect((await json<Page>(await list(tenant), 200)).items).toHaveLength(1);
    expect(await adyenNotifies(capture, "success")).toEqual([200]);
    expect((await json<Page>(await list(tenant), 200)).items).toEqual([]);
  });

  it("refuses a bad limit or cursor (400), and a publishable key (403)", async () => {
    const tenant = newTenantId();
    for (const query of ["?limit=0", "?limit=101", "?limit=x", "?cursor=nope", `?cursor=${btoa(JSON.stringify({ since: "yesterday", id: "pi_x", source: 0 }))}`]) {
      const res = await list(tenant, query);
      expect([res.status, res.headers.get("content-type")], query).toEqual([400, "application/problem+json"]);
    }
    expect((await call("/v1/payments/review", { tenant, kind: "publishable" })).status).toBe(403);
    expect((await call("/v1/payments/review")).status).toBe(401);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await json<{ paths: Record<string, Record<string, { operationId: string }>> }>(await call("/openapi.json"), 200);
    expect(doc.paths["/v1/payments/review"]?.get?.operationId).toBe("listPaymentReview");
    expect(doc.paths["/v1/payments/review/{id}/resolve"]?.post?.operationId).toBe("resolvePaymentReview");
  });

  it("reads each source as a range of its own partial index: no scan of the tenant's rows, no sort", async () => {
    const { db: recorded, seen } = recording();
    const tenant = newTenantId();
    await itemsInReview(recorded, tenant, 21);
    await itemsInReview(recorded, tenant, 21, { since: iso(Date.now()), id: "pi_01JABCDEFGHJKMNPQRSTVWXYZ0", source: 1 });
    expect(seen).toHaveLength(6);
    const plans = await Promise.all(seen.map(plan));
    for (const steps of plans) expect(steps.join("\n")).not.toMatch(/TEMP B-TREE|^SCAN/m);
    for (const [i, index] of ["payment_intents_stuck_review", "payment_intents_pending_review", "payment_refunds_review"].entries()) {
      for (const steps of [plans[i]!, plans[i + 3]!]) expect(steps[0], index).toMatch(new RegExp(`^SEARCH payment_(intents|refunds) USING INDEX ${index} \\(tenant_id=\\?`));
    }
    // With a cursor, the range starts at it.
    expect(plans[4]![0]).toMatch(/\(tenant_id=\? AND \(pending_review_at,id\)>\(\?,\?\)\)$/);
  });
});

describe("POST /v1/payments/review/{id}/resolve", () => {
  it("a capture Adyen shows done: the intent succeeds with the capture's amount, the claim goes, and it leaves the list", async () => {
    const tenant = await adyenTenant();
    const id = await modificationInReview(tenant, "capture");
    const res = await resolve(tenant, id, { outcome: "done" }, "resolve-capture");
    const intent = await json<Seen>(res, 200);
    expect([intent.status, intent.amountCaptured, intent.pending, intent.lastError]).toEqual(["succeeded", 1000, null, null]);
    expect(intent.route.trace.at(-1)).toBe("review: capture of 1000 marked done (carried out at adyen)");
    expect((await json<Page>(await list(tenant), 200)).items).toEqual([]);
    // The same request again is replayed; without the key it is answered by what was decided, as the first was.
    const again = await resolve(tenant, id, { outcome: "done" }, "resolve-capture");
    expect([again.status, again.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    const late = await json<Seen>(await resolve(tenant, id, { outcome: "done" }), 200);
    expect([late.status, late.amountCaptured]).toEqual(["succeeded", 1000]);
    expect(await refused(await resolve(tenant, id, { outcome: "not_done" }))).toEqual([409, "review_resolved"]);
  });

  it("a cancel Adyen does not show: the claim is let go, the authorization stands, and a new capture may be made", async () => {
    const tenant = await adyenTenant();
    const id = await modificationInReview(tenant, "cancel");
    const intent = await json<Seen>(await resolve(tenant, id, { outcome: "not_done" }), 200);
    expect([intent.status, intent.pending, intent.lastError]).toEqual(["requires_capture", null, "cancel marked not done at review (not carried out at adyen)"]);
    await json(await call(`/v1/payments/intents/${id}/capture`, { method: "POST", tenant, json: { amountToCapture: 700 } }), 202);
  });

  it("a refund: done needs Adyen's reference (422) and succeeds with it; not done fails it and gives its held amount back", async () => {
    const tenant = await adyenTenant();
    const [a, b] = (await inReview(tenant, { refunds: [500, 500] })).refunds as [Refund, Refund];
    expect(await refused(await resolve(tenant, a.refundId, { outcome: "done" }))).toEqual([422, "provider_ref_required"]);
    const psp = pspReference();
    const done = await json<Seen>(await resolve(tenant, a.refundId, { outcome: "done", providerRef: psp }), 200);
    expect([done.amountRefunded, done.refunds.map((r) => [r.id, r.status, r.providerRef])]).toEqual([500, [[a.refundId, "succeeded", psp]]]);

    const failed = await json<Seen>(await resolve(tenant, b.refundId, { outcome: "not_done" }), 200);
    expect([failed.amountRefunded, failed.refunds.map((r) => r.status)]).toEqual([0, ["failed"]]);
    expect((await json<Page>(await list(tenant), 200)).items).toEqual([]);
    // Settled once: the same word again is answered as the first and gives nothing back twice; another is a 409.
    expect((await json<Seen>(await resolve(tenant, b.refundId, { outcome: "not_done" }), 200)).amountRefunded).toBe(0);
    expect(await refused(await resolve(tenant, b.refundId, { outcome: "done", providerRef: pspReference() }))).toEqual([409, "review_resolved"]);
    expect((await read(tenant, b.intentId)).amountRefunded).toBe(0);
    expect((await simCharges(b.intentId)).length).toBe(1);
  });

  it("a refund marked not done that Adyen pays out after all: Adyen's word stands, and money refunded twice shows on the intent", async () => {
    const tenant = await adyenTenant();
    const a = await refundInReview(tenant);
    expect((await json<Seen>(await resolve(tenant, a.refundId, { outcome: "not_done" }), 200)).amountRefunded).toBe(0);
    // The held 500 came back, so the merchant refunds all 2,500 anew; then Adyen's late notification of the first.
    const anew = await refundIntent(deps(), tenant, a.intentId, `anew-${a.intentId}`, 2500);
    const key = (await ENV.DB.prepare("SELECT provider_key AS k FROM payment_refunds WHERE id = ?").bind(a.refundId).first<{ k: string }>())!.k;
    const late = { pspReference: "RF-LATE", originalReference: "PSP-ANY", merchantAccountCode: "EcpLocalSim", merchantReference: key, amount: { value: 500, currency: "EUR" }, eventCode: "REFUND", success: "true" };
    expect((await adyenWebhook(late)).status).toBe(200);
    const seen = await read(tenant, a.intentId);
    expect(seen.refunds.find((r) => r.id === a.refundId)).toMatchObject({ status: "succeeded", providerRef: "RF-LATE" });
    expect(seen.amountRefunded).toBe(500 + 2500);
    expect(seen.lastError).toBe(`refund ${a.refundId} of 500, marked not done at review, was paid out by the provider after all: 500 more was refunded than captured; check the later refunds`);
    expect(seen.refunds.find((r) => r.id === anew.id)!.status).not.toBe("failed");
    // Delivered again, it counts once.
    expect((await adyenWebhook({ ...late, pspReference: "RF-LATE-2" })).status).toBe(200);
    expect((await read(tenant, a.intentId)).amountRefunded).toBe(3000);
  });

  it("a refund marked not done, retried under its key a day later and paid out, then paid out by Adyen too: both count, and the intent says the request was refunded twice", async () => {
    const tenant = await adyenTenant();
    const first = await refundInReview(tenant, 2500);
    await json(await resolve(tenant, first.refundId, { outcome: "not_done" }), 200);
    // Past the replay window the merchant's retry reaches the service: the failed refund leaves its request free.
    const again = await refundIntent(deps(), tenant, first.intentId, `refund-${first.intentId}`, 2500);
    expect(again.id).not.toBe(first.refundId);
    const adyenRefund = (key: string, psp: string) => ({ pspReference: psp, originalReference: "PSP-ANY", merchantAccountCode: "EcpLocalSim", merchantReference: key, amount: { value: 2500, currency: "EUR" }, eventCode: "REFUND", success: "true" });
    expect((await adyenWebhook(adyenRefund(again.id, pspReference()))).status).toBe(200);
    // Adyen's late word on the first: recorded, not a 5xx the provider resends for ever.
    const late = pspReference();
    expect((await adyenWebhook(adyenRefund(first.refundId, late))).status).toBe(200);
    const seen = await read(tenant, first.intentId);
    expect(seen.refunds.map((r) => [r.id, r.status])).toEqual([[first.refundId, "succeeded"], [again.id, "succeeded"]]);
    expect(seen.refunds[0]!.providerRef).toBe(late);
    expect(seen.amountRefunded).toBe(5000);
    expect(seen.lastError).toBe(
      `refund ${first.refundId} of 2500, marked not done at review, was paid out by the provider after all, and its request was refunded twice (again as refund ${again.id}): 2500 more was refunded than captured; check the later refunds`,
    );
    // The request is answered by the refund its retry made, and counts once.
    expect((await refundIntent(deps(), tenant, first.intentId, `refund-${first.intentId}`, 2500)).id).toBe(again.id);
    expect((await adyenWebhook(adyenRefund(first.refundId, pspReference()))).status).toBe(200);
    expect((await read(tenant, first.intentId)).amountRefunded).toBe(5000);
  });

  it("a refund marked not done, paid out by Adyen after all and then failed by it: Adyen's failure stands, and a success delivered after it revives nothing", async () => {
    const tenant = await adyenTenant();
    const a = await refundInReview(tenant);
    await json(await resolve(tenant, a.refundId, { outcome: "not_done" }), 200);
    const key = (await ENV.DB.prepare("SELECT provider_key AS k FROM payment_refunds WHERE id = ?").bind(a.refundId).first<{ k: string }>())!.k;
    const notified = (eventCode: string, psp: string) => ({ pspReference: psp, originalReference: "PSP-ANY", merchantAccountCode: "EcpLocalSim", merchantReference: key, amount: { value: 500, currency: "EUR" }, eventCode, success: "true" });
    const psp = pspReference();
    expect((await adyenWebhook(notified("REFUND", psp))).status).toBe(200);
    expect((await read(tenant, a.intentId)).amountRefunded).toBe(500);
    expect((await adyenWebhook(notified("REFUND_FAILED", psp))).status).toBe(200);
    const failed = await read(tenant, a.intentId);
    expect([failed.amountRefunded, failed.refunds.map((r) => [r.status, r.providerRef])]).toEqual([0, [["failed", psp]]]);
    expect((await adyenWebhook(notified("REFUND", pspReference()))).status).toBe(200);
    expect(await read(tenant, a.intentId)).toEqual(failed);
  });

  it("whether a failed refund was marked not done is its resolution's word alone: a column of the refund's plays no part", async () => {
    const tenant = await adyenTenant();
    const [marked, refusedByAdyen] = (await inReview(tenant, { refunds: [500, 500] })).refunds as [Refund, Refund];
    await json(await resolve(tenant, marked.refundId, { outcome: "not_done" }), 200);
    const notified = (refundId: string, psp: string, success: string) => ({ pspReference: psp, originalReference: "PSP-ANY", merchantAccountCode: "EcpLocalSim", merchantReference: refundId, amount: { value: 500, currency: "EUR" }, eventCode: "REFUND", success });
    // The other is refused by Adyen itself, not marked at review.
    expect((await adyenWebhook(notified(refusedByAdyen.refundId, pspReference(), "false"))).status).toBe(200);
    expect((await read(tenant, refusedByAdyen.intentId)).refunds.map((r) => r.status)).toEqual(["failed"]);
    // `not_done_at` (0028) said so once, beside the resolution: whatever it holds now decides nothing.
    await ENV.DB.prepare("UPDATE payment_refunds SET not_done_at = NULL WHERE id = ?").bind(marked.refundId).run();
    await ENV.DB.prepare("UPDATE payment_refunds SET not_done_at = ? WHERE id = ?").bind(iso(Date.now()), refusedByAdyen.refundId).run();
    for (const r of [marked, refusedByAdyen]) expect((await adyenWebhook(notified(r.refundId, pspReference(), "true"))).status).toBe(200);
    expect([(await read(tenant, marked.intentId)).amountRefunded, (await read(tenant, marked.intentId)).refunds.map((r) => r.status)]).toEqual([500, ["succeeded"]]);
    expect([(await read(tenant, refusedByAdyen.intentId)).amountRefunded, (await read(tenant, refusedByAdyen.intentId)).refunds.map((r) => r.status)]).toEqual([0, ["failed"]]);
  });

  it("nothing in review is not settled (409); a malformed id or body is a 400", async () => {
    const tenant = await adyenTenant();
    const plain = await authorized(tenant);
    expect(await refused(await resolve(tenant, plain, { outcome: "done" }))).toEqual([409, "not_in_review"]);
    for (const [id, body] of [["pm_01JABCDEFGHJKMNPQRSTVWXYZ0", { outcome: "done" }], ["pi_nope", { outcome: "done" }], [plain, { outcome: "maybe" }], [plain, {}]] as const) {
      expect((await resolve(tenant, id, body)).status, `${id} ${JSON.stringify(body)}`).toBe(400);
    }
  });
});
