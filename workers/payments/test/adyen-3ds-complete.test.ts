import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { depsOf } from "../src/service/deps";
import { reconcileStuck } from "../src/service/reconcile";
import { ENV, RETURN_URL, adyenWebhook, call, confirm, createIntent, json, newTenantId, resetSim, scenario, simCharges, type CallInit, type Intent } from "./helpers";

// A card payment Adyen answers with a 3-D Secure redirect (RedirectShopper): the buyer comes back to the returnUrl with a
// `redirectResult`, which `POST /intents/{id}/complete` hands to Adyen's /payments/details to settle the intent.

beforeEach(resetSim);
afterAll(resetSim);

type Seen = Intent & { lastError: string | null; updatedAt: string; nextAction: { type: string; url: string } | null; attempts: (Intent["attempts"][number] & { code: string | null })[] };
type Problem = { code: string; errors?: { path: string; message: string }[] };

async function routedTo(provider: "adyen" | "stripe") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  return tenant;
}

/** A card payment confirmed at Adyen in the simulator's `three_ds` scenario (optionally answered without pspReference). */
async function threeDs(opts: { omitPspReference?: boolean; detailsReceived?: boolean } = {}) {
  // Options the admin route does not carry are set on the simulator itself.
  if (opts.omitPspReference || opts.detailsReceived) {
    await json(await ENV.PROVIDER_SIM!.fetch("http://provider-sim/_sim/scenario", { method: "PUT", body: JSON.stringify({ adyen: { mode: "three_ds", ...opts } }) }), 200);
  } else await scenario({ adyen: { mode: "three_ds" } });
  const tenant = await routedTo("adyen");
  const intent = await createIntent(tenant, { method: "card_visa" });
  const pending = await json<Seen>(await confirm(tenant, intent.id), 200);
  return { tenant, id: intent.id, pending };
}

/** The buyer passes (`paid`) or fails (`refused`) the challenge: the return URL their browser lands on. */
async function buyerBack(id: string, outcome: "paid" | "refused") {
  const res = await ENV.PROVIDER_SIM!.fetch(`http://provider-sim/_sim/buyer?reference=${id}`, { method: "POST", body: JSON.stringify({ outcome }) });
  const { returns, notifications } = await json<{ returns: string[]; notifications: unknown[] }>(res, 200);
  expect(notifications, "Adyen decides nothing before /payments/details").toEqual([]);
  expect(returns).toHaveLength(1);
  return new URL(returns[0]!);
}

const complete = (tenant: string, id: string, body: unknown, init: CallInit = {}) => call(`/v1/payments/intents/${id}/complete`, { method: "POST", tenant, json: body, ...init });
const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
const authorisation = (psp: string, id: string, success: boolean) =>
  adyenWebhook({ pspReference: psp, merchantAccountCode: "EcpLocalSim", merchantReference: id, amount: { value: 2500, currency: "EUR" }, eventCode: "AUTHORISATION", success: String(success) });

describe("a card's 3-D Secure redirect at Adyen", () => {
  it("confirm leaves it requires_action; the buyer's redirectResult, handed to complete, settles it succeeded with one charge", async () => {
    const { tenant, id, pending } = await threeDs();
    expect(pending.status).toBe("requires_action");
    expect(pending.nextAction).toMatchObject({ type: "redirect_to_url", url: `https://checkoutshopper-test.adyen.sim/threeDS/redirect/${pending.attempts[0]!.providerRef}` });
    const back = await buyerBack(id, "paid");
    expect(back.href.startsWith(RETURN_URL)).toBe(true);
    // Back from the challenge, nothing is decided until the result is asked for.
    expect((await read(tenant, id)).status).toBe("requires_action");

    const done = await json<Seen>(await complete(tenant, id, { redirectResult: back.searchParams.get("redirectResult") }), 200);
    expect([done.status, done.amountCaptured, done.provider, done.nextAction, done.lastError]).toEqual(["succeeded", 2500, "adyen", null, null]);
    const charges = await simCharges(id);
    expect(charges.map((c) => [c.status, c.captured])).toEqual([["succeeded", 2500]]);
  });

  it("answered without pspReference: the result brings it to the attempt", async () => {
    const { tenant, id, pending } = await threeDs({ omitPspReference: true });
    expect(pending.attempts[0]!.providerRef).toBeNull();
    const back = await buyerBack(id, "paid");
    const done = await json<Seen>(await complete(tenant, id, { redirectResult: back.searchParams.get("redirectResult") }), 200);
    const [charge] = (await simCharges(id)) as unknown as { ref: string }[];
    expect([done.status, done.attempts[0]!.providerRef, done.attempts[0]!.code]).toEqual(["succeeded", charge!.ref, "details Authorised"]);
  });

  it("a challenge the buyer failed is Refused: the intent fails, saying why", async () => {
    const { tenant, id } = await threeDs();
    const back = await buyerBack(id, "refused");
    const done = await json<Seen>(await complete(tenant, id, { redirectResult: back.searchParams.get("redirectResult") }), 200);
    expect([done.status, done.amountCaptured]).toEqual(["failed", 0]);
    expect(done.lastError).toMatch(/3D Not Authenticated/);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["failed"]);
  });

  it("Received (authorisation under way): processing, which reconciliation leaves for the notification; the AUTHORISATION settles it", async () => {
    const { tenant, id, pending } = await threeDs({ detailsReceived: true });
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    const taken = await json<Seen>(await complete(tenant, id, { redirectResult }), 200);
    expect([taken.status, taken.nextAction, taken.attempts[0]!.code]).toEqual(["processing", null, "details Received"]);
    // Two minutes on, reconciliation asks the charge again: Adyen replays its RedirectShopper, no news, not a move back.
    const later = { ...depsOf(ENV), now: () => Date.now() + 120_000 };
    expect(await reconcileStuck(later, { olderThanMs: 60_000, limit: 10, tenantId: tenant })).toMatchObject([{ id, outcome: "held", status: "processing" }]);
    expect((await read(tenant, id)).status).toBe("processing");
    expect((await authorisation(pending.attempts[0]!.providerRef!, id, true)).status).toBe(200);
    const settled = await read(tenant, id);
    // The attempt too: no longer the buyer's step answered Received, but the authorisation.
    expect([settled.status, settled.attempts[0]!.status, settled.attempts[0]!.outcome]).toEqual(["succeeded", "authorized", "success"]);
  });

  it("Received without a pspReference: processing, with the reference Adyen gave (not a 502 on every retry)", async () => {
    const { tenant, id } = await threeDs({ detailsReceived: true, omitPspReference: true });
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    const taken = await json<Seen>(await complete(tenant, id, { redirectResult }), 200);
    const [charge] = (await simCharges(id)) as unknown as { ref: string }[];
    expect([taken.status, taken.attempts[0]!.providerRef]).toEqual(["processing", charge!.ref]);
  });

  it("another checkout's redirectResult (a cheaper one) is refused on this intent: 422 naming it, nothing moved; that one settles on its own", async () => {
    // Answered without pspReference, so neither intent knows its payment's reference until a result names it.
    await json(await ENV.PROVIDER_SIM!.fetch("http://provider-sim/_sim/scenario", { method: "PUT", body: JSON.stringify({ adyen: { mode: "three_ds", omitPspReference: true } }) }), 200);
    const tenant = await routedTo("adyen");
    const dear = await createIntent(tenant, { method: "card_visa", amount: 90_000 });
    const cheap = await createIntent(tenant, { method: "card_visa", amount: 100 });
    for (const i of [dear, cheap]) expect((await json<Seen>(await confirm(tenant, i.id), 200)).status).toBe("requires_action");
    const cheapResult = (await buyerBack(cheap.id, "paid")).searchParams.get("redirectResult");

    const refused = await complete(tenant, dear.id, { redirectResult: cheapResult });
    const problem = await json<Problem>(refused, 422);
    expect([problem.code, problem.errors?.[0]?.path]).toEqual(["redirect_result_refused", "redirectResult"]);
    const stillDear = await read(tenant, dear.id);
    expect([stillDear.status, stillDear.amountCaptured, stillDear.attempts[0]!.providerRef]).toEqual(["requires_action", 0, null]);

    const own = await json<Seen>(await complete(tenant, cheap.id, { redirectResult: cheapResult }), 200);
    expect([own.status, own.amountCaptured]).toEqual(["succeeded", 100]);
  });

  it("a replayed complete under the same Idempotency-Key answers the same; without the key the settled intent is a 409", async () => {
    const { tenant, id } = await threeDs();
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    const key = crypto.randomUUID();
    const first = await complete(tenant, id, { redirectResult }, { key });
    const firstBody = await first.text();
    const again = await complete(tenant, id, { redirectResult }, { key });
    expect([first.status, again.status, again.headers.get("idempotent-replayed")]).toEqual([200, 200, "true"]);
    expect(await again.text()).toBe(firstBody);
    const fresh = await complete(tenant, id, { redirectResult });
    expect([fresh.status, ((await fresh.json()) as Problem).code]).toEqual([409, "intent_not_completable"]);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["succeeded"]);
  });

  it("two completes at once settle it once", async () => {
    const { tenant, id } = await threeDs();
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    const answers = await Promise.all([complete(tenant, id, { redirectResult }), complete(tenant, id, { redirectResult })]);
    for (const a of answers) expect([200, 409]).toContain(a.status);
    const now = await read(tenant, id);
    expect([now.status, now.amountCaptured]).toEqual(["succeeded", 2500]);
    expect((await simCharges(id)).map((c) => [c.status, c.captured])).toEqual([["succeeded", 2500]]);
  });

  it("the AUTHORISATION notification after the complete moves nothing more", async () => {
    const { tenant, id, pending } = await threeDs();
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    const done = await json<Seen>(await complete(tenant, id, { redirectResult }), 200);
    expect((await authorisation(pending.attempts[0]!.providerRef!, id, true)).status).toBe(200);
    expect((await authorisation(pending.attempts[0]!.providerRef!, id, false)).status).toBe(200);
    const now = await read(tenant, id);
    expect([now.status, now.updatedAt, now.lastError]).toEqual(["succeeded", done.updatedAt, null]);
  });

  it("the notification first: the complete after it is a 409 and sends nothing to Adyen", async () => {
    const { tenant, id, pending } = await threeDs();
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    expect((await authorisation(pending.attempts[0]!.providerRef!, id, true)).status).toBe(200);
    const settled = await read(tenant, id);
    expect(settled.status).toBe("succeeded");
    const late = await complete(tenant, id, { redirectResult });
    expect([late.status, ((await late.json()) as Problem).code]).toEqual([409, "intent_not_completable"]);
    // /payments/details was never sent: the simulator's payment still awaits it.
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["requires_action"]);
    expect((await read(tenant, id)).updatedAt).toBe(settled.updatedAt);
  });

  it("a redirectResult Adyen does not know is a 422 naming it, and nothing moves", async () => {
    const { tenant, id } = await threeDs();
    const res = await complete(tenant, id, { redirectResult: "Ab02b4c0!not-one-of-ours" });
    const body = (await res.json()) as Problem;
    expect([res.status, body.code, body.errors?.[0]?.path]).toEqual([422, "redirect_result_refused", "redirectResult"]);
    expect((await read(tenant, id)).status).toBe("requires_action");
  });
});

describe("complete refused", () => {
  it("for a Stripe intent (Stripe finishes the buyer's step itself): 422, nothing sent", async () => {
    await scenario({ stripe: { mode: "three_ds" } });
    const tenant = await routedTo("stripe");
    const intent = await createIntent(tenant, { method: "card_visa" });
    expect((await json<Seen>(await confirm(tenant, intent.id), 200)).status).toBe("requires_action");
    const res = await complete(tenant, intent.id, { redirectResult: "Ab02b4c0!abc" });
    expect([res.status, res.headers.get("content-type"), ((await res.json()) as Problem).code]).toEqual([422, "application/problem+json", "completion_not_supported"]);
    expect((await read(tenant, intent.id)).status).toBe("requires_action");
  });

  it("for another tenant's intent: 404, nothing sent", async () => {
    const { id } = await threeDs();
    const redirectResult = (await buyerBack(id, "paid")).searchParams.get("redirectResult");
    const res = await complete(newTenantId(), id, { redirectResult });
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([404, "not_found"]);
    expect((await simCharges(id)).map((c) => c.status)).toEqual(["requires_action"]);
  });

  it("for an intent not awaiting its buyer: 409", async () => {
    const tenant = await routedTo("adyen");
    const intent = await createIntent(tenant, { method: "card_visa" });
    const res = await complete(tenant, intent.id, { redirectResult: "Ab02b4c0!abc" });
    expect([res.status, ((await res.json()) as Problem).code]).toEqual([409, "intent_not_completable"]);
  });

  it("with a bad redirectResult (none, empty, too long, spaces, another field): 400 naming it", async () => {
    const { tenant, id } = await threeDs();
    for (const body of [{}, { redirectResult: "" }, { redirectResult: "a".repeat(8193) }, { redirectResult: "a b" }, { redirectResult: 42 }, undefined]) {
      const res = body === undefined ? await call(`/v1/payments/intents/${id}/complete`, { method: "POST", tenant }) : await complete(tenant, id, body);
      const problem = (await res.json()) as Problem;
      expect([res.status, res.headers.get("content-type")], JSON.stringify(body)).toEqual([400, "application/problem+json"]);
      expect(problem.errors?.map((e) => e.path), JSON.stringify(body)).toEqual(["redirectResult"]);
    }
    const extra = await complete(tenant, id, { redirectResult: "abc", amount: 1 });
    expect(extra.status).toBe(400);
    // At the bound it is taken (and refused by Adyen as no return of this payment).
    expect((await complete(tenant, id, { redirectResult: "a".repeat(8192) })).status).toBe(422);
    expect((await read(tenant, id)).status).toBe("requires_action");
  });
});
