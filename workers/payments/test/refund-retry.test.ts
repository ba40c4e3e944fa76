import { beforeEach, describe, expect, it } from "vitest";
import type { Connector, ModResult } from "../src/connectors/types";
import { depsOf, iso, type Deps } from "../src/service/deps";
import { sha256Hex } from "../../../shared/crypto";
import { stripeConnector } from "../src/connectors/stripe";
import { callBudget } from "../src/service/call-budget";
import { reconcileRefunds } from "../src/service/reconcile";
import { CLIENT_READ_PAGES, refundIntent } from "../src/service/settle";
import { legacyRefundKey } from "../src/store/intents";
import { db } from "../src/store/db";
import { ENV, call, confirm, createIntent, json, newTenantId, resetSim, simCharges, type Intent } from "./helpers";
import { DAY, connectorWith, lost, refundListing } from "./provider-calls";

// A client retrying a refund under its Idempotency-Key after our replay window (24 h) has expired. The provider's
// key used to be derived from the client's, so the retry made a second refund row and sent the provider that same
// key: within the provider's window it answered the first refund for what we booked as a second, past it (Stripe
// keeps keys 24 h) it could refund twice. Now a refund's provider key is its own id, and a retry under the same
// Idempotency-Key, at any age, answers the refund it made.

const deps = () => depsOf(ENV);
type Refund = { id: string; status: string; amount: number; providerRef: string | null };
type Seen = Intent & { refunds: Refund[] };
const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
const refundOver = (tenant: string, id: string, key: string, body?: Record<string, unknown>) =>
  call(`/v1/payments/intents/${id}/refunds`, { method: "POST", tenant, key, ...(body ? { json: body } : {}) });

/** Our replay window for `key` is over: its record expired, as it does after 24 h. */
const replayOver = (tenant: string, key: string) =>
  ENV.DB.prepare("UPDATE idempotency_keys SET expires_at = ? WHERE scope = ? AND idem_key = ?").bind(Date.now() - 1, tenant, key).run();
/** As `replayOver`, and the tenant's refunds were sent two days ago: past every provider's key window too. */
async function dayAfterNext(tenant: string, key: string) {
  await replayOver(tenant, key);
  await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE tenant_id = ?").bind(iso(Date.now() - 2 * DAY), tenant).run();
}

/** Deps that fail the test if a refund is sent to `provider`. */
const neverSent = (provider: "stripe" | "adyen", change: (real: Connector) => Partial<Connector> = () => ({})) =>
  connectorWith(provider, (real) => ({
    refund: async () => {
      throw new Error(`a refund was sent to ${provider}`);
    },
    ...change(real),
  }));

/** A tenant routing to `provider`, with an intent of 2500 charged and captured there. */
async function paidAt(provider: "stripe" | "adyen") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  const intent = await createIntent(tenant);
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
  return { tenant, id: intent.id };
}

beforeEach(async () => {
  await resetSim();
});

describe("a retry after our replay window answers the refund its request made", () => {
  it("the same body, no second row, nothing more reserved, nothing sent again", async () => {
    const { tenant, id } = await paidAt("stripe");
    const first = await json<Refund>(await refundOver(tenant, id, "late-retry", { amount: 1000, reason: "damaged" }), 200);
    expect(first.status).toBe("succeeded");
    await replayOver(tenant, "late-retry");

    const retried = await refundOver(tenant, id, "late-retry", { amount: 1000, reason: "damaged" });
    // Answered by the refund itself, not replayed from our expired record.
    expect([retried.status, retried.headers.get("idempotent-replayed")]).toEqual([200, null]);
    expect(await retried.json()).toEqual(first);
    expect(((await read(tenant, id)).refunds as Refund[]).map((r) => r.id)).toEqual([first.id]);
    // And with a connector that fails the test if a refund is sent at all.
    expect(await refundIntent(neverSent("stripe"), tenant, id, "late-retry", 1000, "damaged")).toMatchObject({ id: first.id, status: "succeeded", providerRef: first.providerRef });

    const after = await read(tenant, id);
    expect([after.amountRefunded, after.refunds.length]).toEqual([1000, 1]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it("a refund made before 0025 (no request key; its provider key carries the client's) is answered too, never made again", async () => {
    const { tenant, id } = await paidAt("stripe");
    const first = await json<Refund>(await refundOver(tenant, id, "old-code", { amount: 700 }), 200);
    // As the code before 0025 wrote it (and a worker still running that code during the deploy does).
    await ENV.DB.prepare("UPDATE payment_refunds SET request_key = NULL, request_fingerprint = NULL, provider_key = ? WHERE id = ?")
      .bind(legacyRefundKey(id, await sha256Hex("old-code")), first.id)
      .run();
    await replayOver(tenant, "old-code");
    expect(await refundIntent(neverSent("stripe"), tenant, id, "old-code", 700)).toMatchObject({ id: first.id, status: "succeeded" });
    const after = await read(tenant, id);
    expect([after.amountRefunded, after.refunds.length]).toEqual([700, 1]);
  });

  it("a refund of the rest (no amount) retried is answered, not refused as more than is left", async () => {
    const { tenant, id } = await paidAt("stripe");
    const first = await json<Refund>(await refundOver(tenant, id, "refund-all"), 200);
    expect([first.status, first.amount]).toEqual(["succeeded", 2500]);
    await dayAfterNext(tenant, "refund-all");
    expect(await json<Refund>(await refundOver(tenant, id, "refund-all"), 200)).toMatchObject({ id: first.id, status: "succeeded", amount: 2500 });
    expect((await read(tenant, id)).refunds.map((r) => r.id)).toEqual([first.id]);
  });

  it("the same key with another request is a 409 problem naming the refund it made; nothing written or sent", async () => {
    const { tenant, id } = await paidAt("stripe");
    const first = await json<Refund>(await refundOver(tenant, id, "reused-key", { amount: 1000 }), 200);
    await dayAfterNext(tenant, "reused-key");
    const before = await read(tenant, id);

    for (const body of [{ amount: 500 }, { amount: 1000, reason: "another" }, undefined]) {
      // Each one past our replay window (the one before it is kept in it, as any answer is).
      await replayOver(tenant, "reused-key");
      const res = await refundOver(tenant, id, "reused-key", body);
      expect([res.status, res.headers.get("content-type")], JSON.stringify(body)).toEqual([409, expect.stringMatching(/^application\/problem\+json/)]);
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe("idempotency_key_reused");
      expect(problem.detail).toContain(first.id);
    }
    await expect(refundIntent(neverSent("stripe"), tenant, id, "reused-key", 700)).rejects.toMatchObject({ status: 409, code: "idempotency_key_reused" });
    expect(await read(tenant, id)).toEqual(before);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it("a key used on another intent's refund makes this intent's own refund", async () => {
    const a = await paidAt("stripe");
    const b = await createIntent(a.tenant);
    expect((await json<Intent>(await confirm(a.tenant, b.id), 200)).status).toBe("succeeded");
    const onA = await json<Refund>(await refundOver(a.tenant, a.id, "per-intent", { amount: 300 }), 200);
    await dayAfterNext(a.tenant, "per-intent");
    const onB = await json<Refund>(await refundOver(a.tenant, b.id, "per-intent", { amount: 300 }), 200);
    expect(onB.id).not.toBe(onA.id);
    expect((await simCharges(b.id)).map((c) => c.refunded)).toEqual([300]);
  });
});

describe("a retry of a refund still pending learns it by the capture's and cancel's rule (pendingStep)", () => {
  it("within the provider's key window: sent again with the refund's own key, one refund at the provider", async () => {
    const { tenant, id } = await paidAt("stripe");
    // The first call never reaches Stripe, and our own answer is lost too (our replay record released).
    const pending = await refundIntent(connectorWith("stripe", () => ({ refund: async () => lost })), tenant, id, "crashed", 1000);
    expect(pending.status).toBe("pending");
    const keys: string[] = [];
    const recording = connectorWith("stripe", (real) => ({ refund: (ref, amount, currency, key) => (keys.push(key), real.refund(ref, amount, currency, key)) }));

    expect(await refundIntent(recording, tenant, id, "crashed", 1000)).toMatchObject({ id: pending.id, status: "succeeded" });
    const after = await read(tenant, id);
    // The refund's own key, the refund's own id: unique to it, so no other refund is ever sent under it (the stored
    // key is read from D1: the API does not show it).
    const stored = await ENV.DB.prepare("SELECT provider_key FROM payment_refunds WHERE id = ?").bind(pending.id).first<{ provider_key: string }>();
    expect(keys).toEqual([stored!.provider_key]);
    expect(keys[0]).toBe(pending.id);
    expect([after.amountRefunded, after.refunds.map((r) => r.status)]).toEqual([1000, ["succeeded"]]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it("past it, Stripe: read, never sent again, and settled by what Stripe holds", async () => {
    const { tenant, id } = await paidAt("stripe");
    // Stripe refunds; its answer is lost on the way back.
    const answerLost = connectorWith("stripe", (real) => ({ refund: async (...args) => (await real.refund(...args), lost) }));
    const pending = await refundIntent(answerLost, tenant, id, "late-pending", 1000);
    expect(pending.status).toBe("pending");
    await dayAfterNext(tenant, "late-pending");

    const retried = await refundIntent(neverSent("stripe"), tenant, id, "late-pending", 1000);
    expect(retried).toMatchObject({ id: pending.id, status: "succeeded", providerRef: expect.stringMatching(/^re_/) });
    const after = await read(tenant, id);
    expect([after.amountRefunded, after.refunds.map((r) => r.status)]).toEqual([1000, ["succeeded"]]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it(`past it, Stripe, a charge with more refunds than a request may page through: ${CLIENT_READ_PAGES} pages read, answered pending; reconciliation reads on`, async () => {
    const { tenant, id } = await paidAt("stripe");
    const pending = await refundIntent(connectorWith("stripe", () => ({ refund: async () => lost })), tenant, id, "many-refunds", 1000);
    await dayAfterNext(tenant, "many-refunds");
    // Stripe lists 1,000 refunds on the charge, ours the 551st: six pages of 100.
    const { fetch, asked } = refundListing(1000, 550, pending.id);
    const listing = stripeConnector({ baseUrl: "https://stripe.test", secret: "sk", timeoutMs: 1000, fetch });
    const d = neverSent("stripe", () => ({ lookupRefund: listing.lookupRefund }));

    // The client waits on each page: its retry reads a bounded few and answers the refund as it stands.
    expect(await refundIntent(d, tenant, id, "many-refunds", 1000)).toMatchObject({ id: pending.id, status: "pending" });
    expect(asked).toHaveLength(CLIENT_READ_PAGES);
    expect((await read(tenant, id)).amountRefunded).toBe(1000);
    // Reconciliation reads on, on its run's budget, and settles it.
    expect(await reconcileRefunds(d, { olderThanMs: 0, limit: 10, tenantId: tenant, budget: callBudget(40) })).toEqual([{ id: pending.id, outcome: "succeeded" }]);
    expect(asked).toHaveLength(CLIENT_READ_PAGES + 6);
  });

  it("past it, Adyen (no read): answered as it stands, 202 pending, nothing sent and nothing written", async () => {
    const { tenant, id } = await paidAt("adyen");
    const pending = await json<Refund>(await refundOver(tenant, id, "adyen-late", { amount: 1000 }), 202);
    await dayAfterNext(tenant, "adyen-late");
    const before = await read(tenant, id);

    const retried = await refundOver(tenant, id, "adyen-late", { amount: 1000 });
    expect([retried.status, ((await retried.json()) as Refund).id]).toEqual([202, pending.id]);
    expect(await refundIntent(neverSent("adyen"), tenant, id, "adyen-late", 1000)).toMatchObject({ id: pending.id, status: "pending" });
    expect(await read(tenant, id)).toEqual(before);
  });
});

describe("two identical requests at once", () => {
  /**
   * The database, with every read of a refund by its request held until `n` have arrived: both requests read
   * "no refund yet" before either makes one, the race a read-then-write would lose. Reads after the first `n`
   * wait for `later` when given (the loser's second look, after the winner is done).
   */
  function readsMeet(n: number, later?: Promise<unknown>) {
    let arrived = 0;
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    const held = (stmt: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(stmt, {
        get(s, p) {
          if (p === "bind") return (...params: unknown[]) => held(s.bind(...params));
          if (p === "all" || p === "raw" || p === "first") {
            return async (...args: unknown[]) => {
              if (++arrived > n && later) await later;
              if (arrived >= n) open();
              await opened;
              return (s[p] as (...a: unknown[]) => unknown).apply(s, args);
            };
          }
          const value = Reflect.get(s, p) as unknown;
          return typeof value === "function" ? value.bind(s) : value;
        },
      });
    const d1 = new Proxy(ENV.DB, {
      get(target, prop) {
        if (prop === "prepare") return (query: string) => (/^select/i.test(query) && /"request_key" = \?/.test(query) ? held(target.prepare(query)) : target.prepare(query));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return db(d1);
  }

  it("make one refund: one row, one reservation, one refund at the provider, and both are answered with it", async () => {
    const { tenant, id } = await paidAt("stripe");
    const d = { ...deps(), db: readsMeet(2) };
    const [a, b] = await Promise.all([refundIntent(d, tenant, id, "twice-at-once", 1000), refundIntent(d, tenant, id, "twice-at-once", 1000)]);
    expect(a.id).toBe(b.id);
    const after = await read(tenant, id);
    expect([after.amountRefunded, after.refunds.map((r) => r.id)]).toEqual([1000, [a.id]]);
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it("when the one that made it is refused, the other answers that refusal (a 502 to retry), not refund_exceeds_captured", async () => {
    const { tenant, id } = await paidAt("stripe");
    const refused: ModResult = { ok: false, code: "charge_disputed", message: "the charge is disputed", failure: "refused" };
    let sent = 0;
    const refusing = connectorWith("stripe", () => ({ refund: async () => (sent++, refused) }));
    // The loser's second look waits until the winner's refund has been refused and its reservation given back.
    let winnerDone!: () => void;
    const done = new Promise<void>((r) => (winnerDone = r));
    const d = { ...refusing, db: readsMeet(2, done) };
    const race = [refundIntent(d, tenant, id, "refused-at-once", 1000), refundIntent(d, tenant, id, "refused-at-once", 1000)].map((p) =>
      p.then(
        (v) => (winnerDone(), { ok: true as const, v }),
        (e: unknown) => (winnerDone(), { ok: false as const, e: e as { status: number; code: string; detail: string } }),
      ),
    );
    const answers = await Promise.all(race);
    expect(sent).toBe(1);
    const problems = answers.map((a) => (a.ok ? { status: 0, code: "answered", detail: "" } : a.e));
    // Both are the provider's refusal, retry-safe: nothing was refunded or is held.
    expect(problems.map((p) => [p.status, p.code])).toEqual([
      [502, "provider_error"],
      [502, "provider_error"],
    ]);
    const [refund] = (await read(tenant, id)).refunds;
    expect(problems.some((p) => p.detail.includes(refund!.id))).toBe(true);
    expect([(await read(tenant, id)).amountRefunded, refund!.status]).toEqual([0, "failed"]);
    // And a retry under the same key makes it afresh.
    expect(await refundIntent(deps(), tenant, id, "refused-at-once", 1000)).toMatchObject({ status: "succeeded", amount: 1000 });
    expect((await simCharges(id)).map((c) => c.refunded)).toEqual([1000]);
  });

  it("a retry after its own refusal, with less left than it asks, is still refund_exceeds_captured (its old refusal is not the answer)", async () => {
    const { tenant, id } = await paidAt("stripe");
    const refusing = connectorWith("stripe", () => ({ refund: async (): Promise<ModResult> => ({ ok: false, code: "charge_disputed", message: "disputed", failure: "refused" }) }));
    await expect(refundIntent(refusing, tenant, id, "refused-then-over", 2000)).rejects.toMatchObject({ status: 502, code: "provider_error" });
    expect(await refundIntent(deps(), tenant, id, "another-refund", 1000)).toMatchObject({ status: "succeeded" });
    await expect(refundIntent(deps(), tenant, id, "refused-then-over", 2000)).rejects.toMatchObject({ status: 409, code: "refund_exceeds_captured" });
  });
});
