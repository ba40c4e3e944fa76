import { beforeEach, describe, expect, it } from "vitest";
import { stripeConnector } from "../src/connectors/stripe";
import type { Connector, ModResult } from "../src/connectors/types";
import { KEY_RETENTION_MS, READ_REVIEW_MS } from "../src/domain/reconcile";
import { callBudget } from "../src/service/call-budget";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { reviewPage } from "../src/service/review";
import { captureIntent, cancelIntent, refundIntent } from "../src/service/settle";
import { beginAttempt, moveIntent } from "../src/store/intents";
import { ENV, call, confirm, createIntent, json, newTenantId, resetSim, simCharges, type Intent } from "./helpers";
import { claimedAgo, lost, refundListing, stripeWith } from "./provider-calls";

// Stripe has a read of every item left pending past its key window, so none went to review as Adyen's do, and one
// whose read never came clear was read again every run, for good, on the run's budget of calls. Read still unclear
// READ_REVIEW_MS past the window, it now leaves the queue for review as Adyen's do; one inside that bound is read on.

const HOUR = 60 * 60 * 1000;
/** Sent this long ago: read unclear now, it is past the bound (by an hour) … */
const PAST = KEY_RETENTION_MS + READ_REVIEW_MS + HOUR;
/** … or still inside it (by an hour), past the key window all the same: only read. */
const INSIDE = KEY_RETENTION_MS + READ_REVIEW_MS - HOUR;

type Item = { kind: string; intentId: string; refundId: string | null; provider: string; reference: string; note: string; check: string };
type Seen = Intent & { lastError: string | null; pending: { action: string } | null; refunds: { id: string; status: string; providerRef: string | null }[] };

const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
const inReview = async (tenant: string) => (await json<{ items: Item[] }>(await call("/v1/payments/review", { tenant }), 200)).items;
/** The note of a Stripe item in review: why (its read stayed unclear) and where to look. */
const stripeNote = (what: string) => new RegExp(`^${what} sent at \\S+ is past stripe's idempotency-key window, and stripe's read of it has shown no outcome .*needs review at stripe$`);

/** `d` whose Stripe connector counts each call by method (and fails the test on any send: past the window only reads). */
function counted(d: Deps) {
  const calls: Record<string, number> = {};
  const never = (what: string) => async (): Promise<never> => {
    throw new Error(`a ${what} past its key window was sent again`);
  };
  const stripe: Connector = { ...d.connectors.stripe, charge: never("charge"), capture: never("capture"), cancel: never("cancel"), refund: never("refund") };
  for (const m of ["lookup", "lookupRefund", "lookupModification"] as const) {
    const real = stripe[m] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (real) (stripe as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => ((calls[m] = (calls[m] ?? 0) + 1), real(...args));
  }
  return { deps: { ...d, connectors: { ...d.connectors, stripe } } as Deps, calls };
}

/** The next run, a minute later (a stuck intent noted by a run is taken again only once it is older than the cutoff). */
const aMinuteLater = (d: Deps): Deps => ({ ...d, now: () => Date.now() + 60_000 });

async function stripeTenant() {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "stripe" } }] } }), 200);
  return tenant;
}

async function chargedAtStripe(tenant: string) {
  const intent = await createIntent(tenant);
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
  return intent.id;
}

/** A refund of `amount` whose answer never came (Stripe never got it), made `ago` ms ago: pending, its amount held. */
async function lostRefund(tenant: string, intentId: string, amount: number, ago: number) {
  const r = await refundIntent(stripeWith(() => ({ refund: async () => lost })), tenant, intentId, `lost-${amount}-${ago}`, amount);
  expect(r.status).toBe("pending");
  await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - ago), r.id).run();
  return r.id;
}

beforeEach(async () => {
  await resetSim();
});

describe("a pending Stripe refund whose read stays unclear (a)", () => {
  it("not found in Stripe's list: past the bound it goes to review once, its amount held, and is not read again; inside it, read again", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedAtStripe(tenant);
    const old = await lostRefund(tenant, charged, 300, PAST);
    const recent = await lostRefund(tenant, charged, 200, INSIDE);
    // The simulator's real list: Stripe never got either refund, so the read finds neither (not_found_yet).
    const { deps, calls } = counted(depsOf(ENV));
    const run = (d: Deps) => reconcileRefunds(d, { olderThanMs: 0, limit: 10, tenantId: tenant });

    expect(await run(deps)).toEqual([{ id: old, outcome: "review" }, { id: recent, outcome: "held" }]);
    expect(calls.lookupRefund).toBe(2);
    expect(await run(aMinuteLater(deps))).toEqual([{ id: recent, outcome: "held" }]);
    expect(calls.lookupRefund).toBe(3);

    // Nothing given back on a guess: both still pending, 500 held; the intent says why.
    const held = await read(tenant, charged);
    expect([held.amountRefunded, held.refunds.map((r) => [r.id, r.status])]).toEqual([500, [[old, "pending"], [recent, "pending"]]]);
    expect(held.lastError).toMatch(stripeNote(`refund ${old} of 300`));
    const items = await inReview(tenant);
    expect(items.map((i) => [i.kind, i.refundId, i.provider, i.reference])).toEqual([["refund", old, "stripe", old]]);
    expect(items[0]!.note).toBe(held.lastError);
    // The operator finds it at Stripe (made there under its key after all): done, with Stripe's reference, which is
    // looked up there first; it leaves the list.
    const atStripe = await depsOf(ENV).connectors.stripe.refund(held.attempts.at(-1)!.providerRef!, 300, "EUR", old);
    if (!atStripe.ok) throw new Error(`the simulator made no refund: ${atStripe.code}`);
    const resolved = await json<Seen>(await call(`/v1/payments/review/${old}/resolve`, { method: "POST", tenant, json: { outcome: "done", providerRef: atStripe.ref } }), 200);
    expect([resolved.amountRefunded, resolved.refunds.find((r) => r.id === old)?.status]).toEqual([500, "succeeded"]);
    expect(await inReview(tenant)).toEqual([]);
  });

  it("Stripe down at the bound (5xx, timeout): no answer is no reason to give up, so it stays queued and is read again", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedAtStripe(tenant);
    const old = await lostRefund(tenant, charged, 300, PAST);
    const run = (d: Deps) => reconcileRefunds(d, { olderThanMs: 0, limit: 10, tenantId: tenant });
    for (const code of ["http_503", "timeout", "network_error: connection reset"]) {
      const down = stripeWith(() => ({ lookupRefund: async (): Promise<ModResult> => ({ ok: false, code, message: "no answer", failure: "unknown" }) }));
      expect(await run(aMinuteLater(down)), code).toEqual([{ id: old, outcome: "held" }]);
    }
    expect(await inReview(tenant)).toEqual([]);
    // Stripe answers again, still without it: now it goes.
    expect(await run(aMinuteLater(depsOf(ENV)))).toEqual([{ id: old, outcome: "review" }]);
  });

  it("beyond the pages read (refund_list_too_long): past the bound it goes to review once and its pages are not read again", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedAtStripe(tenant);
    const old = await lostRefund(tenant, charged, 300, PAST);
    const recent = await lostRefund(tenant, charged, 200, INSIDE);
    // Stripe lists 1,100 refunds on the charge, neither of ours among the newest 1,000: each read is ten pages.
    const { fetch, asked } = refundListing(1100, null, old);
    const listing = stripeConnector({ baseUrl: "https://stripe.test", secret: "sk", timeoutMs: 1000, fetch });
    const { deps } = counted(stripeWith(() => ({ lookupRefund: listing.lookupRefund })));
    const run = (d: Deps) => reconcileRefunds(d, { olderThanMs: 0, limit: 10, tenantId: tenant, budget: callBudget(40) });

    expect(await run(deps)).toEqual([{ id: old, outcome: "review" }, { id: recent, outcome: "held" }]);
    expect(asked).toHaveLength(20);
    expect(await run(aMinuteLater(deps))).toEqual([{ id: recent, outcome: "held" }]);
    expect(asked).toHaveLength(30);
    expect((await inReview(tenant)).map((i) => [i.kind, i.refundId])).toEqual([["refund", old]]);
    expect((await read(tenant, charged)).amountRefunded).toBe(500);
  });

  it("a read the run's budget cut short says nothing of Stripe's list: past the bound it stays in the queue", async () => {
    const tenant = await stripeTenant();
    const charged = await chargedAtStripe(tenant);
    const old = await lostRefund(tenant, charged, 300, PAST);
    const { fetch, asked } = refundListing(1100, null, old);
    const listing = stripeConnector({ baseUrl: "https://stripe.test", secret: "sk", timeoutMs: 1000, fetch });
    const { deps } = counted(stripeWith(() => ({ lookupRefund: listing.lookupRefund })));

    expect(await reconcileRefunds(deps, { olderThanMs: 0, limit: 10, tenantId: tenant, budget: callBudget(3) })).toEqual([{ id: old, outcome: "held" }]);
    expect(asked).toHaveLength(3);
    expect(await inReview(tenant)).toEqual([]);
    // A run with the calls to read the whole bound moves it.
    expect(await reconcileRefunds(aMinuteLater(deps), { olderThanMs: 0, limit: 10, tenantId: tenant, budget: callBudget(40) })).toEqual([{ id: old, outcome: "review" }]);
  });
});

describe("a pending Stripe capture or cancel whose read stays unclear (b)", () => {
  async function claimed(tenant: string, action: "capture" | "cancel", ago: number) {
    const intent = await createIntent(tenant, { captureMethod: "manual" });
    expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
    const answerLost = stripeWith(() => ({ capture: async () => lost, cancel: async () => lost }));
    expect(action === "capture" ? await captureIntent(answerLost, tenant, intent.id, 1000) : await cancelIntent(answerLost, tenant, intent.id)).toEqual({ pending: true });
    await claimedAgo(intent.id, ago);
    return intent.id;
  }

  it("past the bound each goes to review once, its claim kept, and is not read again; one inside it is read again", async () => {
    const tenant = await stripeTenant();
    const capture = await claimed(tenant, "capture", PAST);
    const cancel = await claimed(tenant, "cancel", PAST + HOUR);
    const recent = await claimed(tenant, "capture", INSIDE);
    // Stripe shows each PaymentIntent in a state that does not say (unknown), run after run.
    const unclear: ModResult = { ok: false, code: "processing", message: "the PaymentIntent is processing", failure: "unknown" };
    const { deps, calls } = counted(stripeWith(() => ({ lookupModification: async () => unclear })));
    const run = (d: Deps) => reconcileModifications(d, { olderThanMs: 0, limit: 10, tenantId: tenant });

    expect(await run(deps)).toEqual([
      { id: cancel, action: "cancel", outcome: "review" },
      { id: capture, action: "capture", outcome: "review" },
      { id: recent, action: "capture", outcome: "held" },
    ]);
    expect(calls.lookupModification).toBe(3);
    expect(await run(aMinuteLater(deps))).toEqual([{ id: recent, action: "capture", outcome: "held" }]);
    expect(calls.lookupModification).toBe(4);

    // The claims stay (nothing released on a guess), the intent says why.
    const held = await read(tenant, capture);
    expect([held.status, held.pending?.action, held.lastError]).toEqual(["requires_capture", "capture", expect.stringMatching(stripeNote("capture of 1000"))]);
    expect((await read(tenant, cancel)).lastError).toMatch(stripeNote("cancel"));
    const items = await inReview(tenant);
    expect(items.map((i) => [i.kind, i.intentId, i.provider])).toEqual([["cancel", cancel, "stripe"], ["capture", capture, "stripe"]]);
    expect(items.find((i) => i.kind === "capture")!.note).toBe(held.lastError);
    // The operator finds the capture done at Stripe: the intent succeeds, and it leaves the list.
    const resolved = await json<Seen>(await call(`/v1/payments/review/${capture}/resolve`, { method: "POST", tenant, json: { outcome: "done" } }), 200);
    expect([resolved.status, resolved.amountCaptured, resolved.pending]).toEqual(["succeeded", 1000, null]);
    expect((await inReview(tenant)).map((i) => i.intentId)).toEqual([cancel]);
  });
});

/** A confirm that began attempt 1 at Stripe `ago` ms ago and died before calling it: Stripe has nothing. */
async function stuckAtStripe(tenant: string, ago: number) {
  const { id } = await createIntent(tenant);
  const then = iso(Date.now() - ago);
  const claimed = (await moveIntent(depsOf(ENV).db, id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: then }))!;
  expect(await beginAttempt(depsOf(ENV).db, { intentId: id, attemptNo: 1, tenantId: tenant, provider: "stripe", idempotencyKey: `${id}:1`, status: "pending", createdAt: then }, claimed.version)).toBe(true);
  return id;
}

describe("a Stripe charge stuck in processing that Stripe's search never finds (c)", () => {
  it("past the bound it goes to review once, still processing, and is not read again; one inside it is read again", async () => {
    const tenant = await stripeTenant();
    const old = await stuckAtStripe(tenant, PAST);
    const recent = await stuckAtStripe(tenant, INSIDE);
    // The simulator's real search: nothing under either attempt's key (not_found_yet).
    const { deps, calls } = counted(depsOf(ENV));
    const run = (d: Deps) => reconcileStuck(d, { olderThanMs: 0, limit: 10, tenantId: tenant });

    expect(await run(deps)).toEqual([
      { id: old, outcome: "review", status: "processing" },
      { id: recent, outcome: "held", status: "processing" },
    ]);
    expect(calls.lookup).toBe(2);
    expect(await run(aMinuteLater(deps))).toEqual([{ id: recent, outcome: "held", status: "processing" }]);
    expect(calls.lookup).toBe(3);

    const held = await read(tenant, old);
    expect([held.status, held.lastError]).toEqual(["processing", expect.stringMatching(stripeNote("charge attempt 1"))]);
    const items = await inReview(tenant);
    expect(items.map((i) => [i.kind, i.intentId, i.provider, i.reference])).toEqual([["charge", old, "stripe", `${old}:1`]]);
    expect(items[0]!.note).toBe(held.lastError);
    expect(await simCharges(old)).toHaveLength(0);
  });
});

describe("whether a provider has a read is decided once (readOf), for reconciliation and the review list alike", () => {
  it("a Stripe with no read of any kind: each item goes to review unread, and the list's note says so, in its intent's words", async () => {
    const tenant = await stripeTenant();
    const { deps, calls } = counted(stripeWith(() => ({ lookup: undefined, lookupRefund: undefined, lookupModification: undefined })));
    // A capture, a refund and a charge, each sent past the bound ago, whose answers never came.
    const capture = (await createIntent(tenant, { captureMethod: "manual" })).id;
    expect((await json<Intent>(await confirm(tenant, capture), 200)).status).toBe("requires_capture");
    expect(await captureIntent(stripeWith(() => ({ capture: async () => lost })), tenant, capture, 1000)).toEqual({ pending: true });
    await claimedAgo(capture, PAST);
    const refund = await lostRefund(tenant, await chargedAtStripe(tenant), 300, PAST);
    const charge = await stuckAtStripe(tenant, PAST);
    const opts = { olderThanMs: 0, limit: 10, tenantId: tenant };

    expect(await reconcileModifications(deps, opts)).toEqual([{ id: capture, action: "capture", outcome: "review" }]);
    expect(await reconcileRefunds(deps, opts)).toEqual([{ id: refund, outcome: "review" }]);
    expect(await reconcileStuck(deps, opts)).toEqual([{ id: charge, outcome: "review", status: "processing" }]);
    expect(calls).toEqual({});
    const { items } = await reviewPage(deps, tenant, 10);
    expect(items.map((i) => i.kind).sort()).toEqual(["capture", "charge", "refund"]);
    for (const item of items) {
      expect(item.note, item.kind).toMatch(/stripe has no read of it/);
      expect(item.note, item.kind).toBe((await read(tenant, item.intentId)).lastError);
    }
  });
});
