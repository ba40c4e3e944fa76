import { beforeAll, describe, expect, it } from "vitest";
import { reconcileStuck } from "../src/service/reconcile";
import { resolveReview } from "../src/service/resolve-review";
import { db } from "../src/store/db";
import { ENV, adyenWebhook, confirm, json, resetSim, simCharges } from "./helpers";
import { adyenTenant, authorisation, chargeInReview, deps, inReview, list, pspReference, read, refused, resolve, type Page, type Problem, type Seen } from "./review-items";

// A charge in review: a confirm began its attempt at Adyen and died, and Adyen never got it, so no notification
// will ever come; past Adyen's key window nothing can be sent to learn it. It stayed `processing` and listed for
// good (the resolve route refused it). The operator now settles it by what Adyen shows: not done fails the intent
// (and Adyen's word that it charged after all revives it, flagged), done with Adyen's reference of the payment
// settles it as that authorisation would. Nothing is ever sent to Adyen, so nothing is charged twice. Adyen charging
// a charge marked not done after all: review-late-charge.test.ts.

/** The database, holding each batch until `n` have been sent: each resolve has read the item in review before any writes. */
function batchesMeet(n: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const d1 = new Proxy(ENV.DB, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          if (++arrived >= n) open();
          await opened;
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return db(d1);
}

/** The database, running `first` before its first batch is sent (after the resolve read the item in review). */
function beforeFirstBatch(first: () => Promise<unknown>) {
  let ran = false;
  const d1 = new Proxy(ENV.DB, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          if (!ran) await ((ran = true), first());
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return db(d1);
}

// Nothing here changes the simulator's scenario: it is reset once, from whatever the files before left.
beforeAll(resetSim);

describe("a charge in review, marked not done", () => {
  it("fails the intent and leaves the list: nothing sent to Adyen, nothing charged, and no confirm or run takes it up again", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant);
    const intent = await json<Seen>(await resolve(tenant, id, { outcome: "not_done" }, "charge-not-done"), 200);
    expect([intent.status, intent.amountCaptured, intent.lastError]).toEqual(["failed", 0, "charge attempt 1 marked not done at review (not charged at adyen)"]);
    expect(intent.route.trace.at(-1)).toBe("review: charge attempt 1 marked not done (not charged at adyen)");
    expect((await json<Page>(await list(tenant), 200)).items).toEqual([]);
    expect(await simCharges(id)).toEqual([]);
    expect((await confirm(tenant, id)).status).toBe(409);
    expect(await reconcileStuck(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([]);
  });
  // Adyen charging it after all: review-late-charge.test.ts.
});

describe("a charge in review, marked done", () => {
  it("needs Adyen's reference of the payment; with it the intent succeeds, or awaits capture when captured by hand", async () => {
    const tenant = await adyenTenant();
    const [id, manual] = (await inReview(tenant, { charges: [{}, { captureMethod: "manual" }] })).charges as [string, string];
    expect(await refused(await resolve(tenant, id, { outcome: "done" }))).toEqual([422, "provider_ref_required"]);
    expect(await refused(await resolve(tenant, id, { outcome: "done", providerRef: "pi_3MtwBwLkdIwHu7ix28a3tqPa" }))).toEqual([422, "provider_ref_mismatch"]);
    const psp = pspReference();
    const done = await json<Seen>(await resolve(tenant, id, { outcome: "done", providerRef: psp }), 200);
    expect([done.status, done.amountCaptured, done.lastError, done.attempts.map((a) => [a.status, a.providerRef])]).toEqual(["succeeded", 2500, null, [["authorized", psp]]]);
    expect(done.route.trace.at(-1)).toBe(`review: charge attempt 1 marked done (authorised at adyen as ${psp})`);
    expect((await json<Page>(await list(tenant), 200)).items.map((i) => i.intentId)).toEqual([manual]);
    expect(await simCharges(id)).toEqual([]);

    const held = pspReference();
    expect(await json<Seen>(await resolve(tenant, manual, { outcome: "done", providerRef: held }), 200)).toMatchObject({ status: "requires_capture", amountCaptured: 0 });
    expect((await json<Page>(await list(tenant), 200)).items).toEqual([]);
    // Adyen's own notification, when it comes, is about the payment the intent now names: nothing moves.
    expect((await adyenWebhook(authorisation(manual, held))).status).toBe(200);
    expect((await read(tenant, manual)).status).toBe("requires_capture");
  });

  it("a reference already naming another attempt's payment settles no second charge (409)", async () => {
    const tenant = await adyenTenant();
    const psp = pspReference();
    const [first, other] = (await inReview(tenant, { charges: [{}, {}] })).charges as [string, string];
    await json(await resolve(tenant, first, { outcome: "done", providerRef: psp }), 200);
    expect(await refused(await resolve(tenant, other, { outcome: "done", providerRef: psp }))).toEqual([409, "provider_ref_in_use"]);
    expect((await read(tenant, other)).status).toBe("processing");
  });

  it("one naming another tenant's payment is the same 409, and names none of that tenant's ids", async () => {
    const [theirs, mine] = await Promise.all([adyenTenant(), adyenTenant()]);
    const psp = pspReference();
    const [their, id] = await Promise.all([chargeInReview(theirs), chargeInReview(mine)]);
    await json(await resolve(theirs, their, { outcome: "done", providerRef: psp }), 200);
    const problem = await json<Problem>(await resolve(mine, id, { outcome: "done", providerRef: psp }), 409);
    expect(problem.code).toBe("provider_ref_in_use");
    expect(problem.detail).not.toContain(their);
    expect(problem.detail).not.toMatch(/attempt \d/);
    expect((await read(mine, id)).status).toBe("processing");
    expect((await json<Page>(await list(mine), 200)).items.map((i) => i.intentId)).toEqual([id]);
  });

  it("of two charges marked done with one reference at once, one settles and the other is a 409, not a 500", async () => {
    const tenant = await adyenTenant();
    const [a, b] = (await inReview(tenant, { charges: [{}, {}] })).charges as [string, string];
    const psp = pspReference();
    const both = { ...deps(), db: batchesMeet(2) };
    const answers = await Promise.allSettled([resolveReview(both, tenant, a, "done", psp), resolveReview(both, tenant, b, "done", psp)]);
    const lost = answers.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    expect([answers.length - lost.length, lost.length]).toEqual([1, 1]);
    expect(lost[0]!.reason).toMatchObject({ status: 409, code: "provider_ref_in_use" });
    expect([(await read(tenant, a)).status, (await read(tenant, b)).status].sort()).toEqual(["processing", "succeeded"]);
  });
});

describe("a charge in review has one writer", () => {
  it("Adyen's notification settling it while the operator looked wins: the resolve is a 409 and changes nothing", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant);
    const psp = pspReference();
    const racing = { ...deps(), db: beforeFirstBatch(() => adyenWebhook(authorisation(id, psp))) };
    await expect(resolveReview(racing, tenant, id, "not_done")).rejects.toMatchObject({ status: 409, code: "not_in_review" });
    const seen = await read(tenant, id);
    expect([seen.status, seen.lastError, seen.attempts.map((a) => a.providerRef)]).toEqual(["succeeded", null, [psp]]);
  });

  it("of two resolutions at once one settles it, and the other is told what was decided", async () => {
    const tenant = await adyenTenant();
    const id = await chargeInReview(tenant);
    const both = { ...deps(), db: batchesMeet(2) };
    const answers = await Promise.allSettled([resolveReview(both, tenant, id, "not_done"), resolveReview(both, tenant, id, "done", pspReference())]);
    const won = answers.filter((a) => a.status === "fulfilled");
    const lost = answers.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(lost[0]!.reason).toMatchObject({ status: 409, code: "review_resolved" });
    const seen = await read(tenant, id);
    // Whichever won, the intent is as that word says, and only that word was kept.
    expect(lost[0]!.reason.detail).toMatch(seen.status === "failed" ? /marked not done/ : /marked done/);
    expect(["failed", "succeeded"]).toContain(seen.status);
  });
});
