import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChargeRequest, ChargeResult, Connector, ModResult } from "../src/connectors/types";
import type { ProviderName } from "../src/domain/methods-data";
import type { HealthPort } from "../src/health";
import { confirmIntent } from "../src/service/confirm";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { createIntent } from "../src/service/create-intent";
import type { Deps } from "../src/service/deps";
import { cancelIntent, captureIntent, refundIntent } from "../src/service/settle";
import { applyEvent } from "../src/service/webhooks";
import { db } from "../src/store/db";
import { loadIntent } from "../src/store/intents";
import { writeRules } from "../src/store/routing";
import type { AdyenItem } from "../../../shared/payments/signatures";
import { ENV, adyenWebhook, newTenantId, RETURN_URL } from "./helpers";

/**
 * Model-based test: random sequences of provider outages, declines, timeouts
 * (charged, answer lost), retries, webhooks, captures, refunds and cancels,
 * run against the real service code and D1, with in-memory providers that
 * keep idempotency records as Stripe and Adyen do, and reconciliation runs.
 * After each sequence: no intent has two successful charges, refunds never
 * exceed captures nor fall below what the providers paid out, and every
 * charge a provider holds has its attempt recorded. Adyen, as the real one,
 * only receives captures, cancels and refunds and tells their outcome later
 * in a notification (delivered through the webhook route), which may say it
 * failed, or fail a refund after it succeeded. Then, with both providers
 * answering again and Adyen's notifications delivered, one reconciliation run
 * leaves nothing processing or pending and the books showing what the
 * providers captured and refunded.
 */
type Mode = "ok" | "outage" | "soft" | "hard" | "action" | "timeout" | "lost" | "flaky";

interface FakeCharge { ref: string; reference: string; key: string; amount: number; status: "authorized" | "captured" | "declined" | "action" | "canceled"; captured: number; refunded: number }

const REFUSED: ModResult = { ok: false, code: "refused", message: "no", failure: "refused" };
const TURNED_AWAY: ModResult = { ok: false, code: "http_503", message: "down", failure: "turned_away" };
const LOST: ModResult = { ok: false, code: "timeout", message: "no answer", failure: "unknown" };
const SERVER_ERROR: ModResult = { ok: false, code: "http_500", message: "api_error", failure: "unknown" };

class FakeProvider implements Connector {
  mode: Mode = "ok";
  charges: FakeCharge[] = [];
  private answers = new Map<string, ChargeResult>();
  constructor(readonly name: ProviderName) {}

  async charge(req: ChargeRequest): Promise<ChargeResult> {
    // An outage turns every call away at the door, a replay of a known key too.
    if (this.mode === "outage") return { kind: "outage", code: "http_503" };
    const seen = this.answers.get(req.key);
    if (seen) return this.mode === "lost" ? { kind: "unknown", code: "timeout" } : seen;
    const ref = `${this.name}_${this.charges.length}_${req.reference}`;
    const status = this.mode === "soft" || this.mode === "hard" ? "declined" : this.mode === "action" ? "action" : req.capture === "automatic" ? "captured" : "authorized";
    this.charges.push({ ref, reference: req.reference, key: req.key, amount: req.amount, status, captured: status === "captured" ? req.amount : 0, refunded: 0 });
    const result: ChargeResult =
      status === "declined" ? { kind: "declined", ref, code: this.mode, soft: this.mode === "soft" }
      : status === "action" ? { kind: "requires_action", ref, code: "requires_action" }
      : { kind: "authorized", ref, captured: status === "captured", code: "ok" };
    this.answers.set(req.key, result);
    // flaky: the provider charged, answered a 500 (kept as the key's answer, as Stripe does), and is down from then on.
    if (this.mode === "flaky") {
      this.mode = "outage";
      this.answers.set(req.key, { kind: "unknown", code: "http_500" });
      return { kind: "unknown", code: "http_500" };
    }
    // timeout / lost: the provider charged, the answer never arrived.
    return this.mode === "timeout" || this.mode === "lost" ? { kind: "unknown", code: "timeout" } : result;
  }
  /** The charge made under a key, read as Stripe's search reads it. */
  async lookup(req: ChargeRequest): Promise<ChargeResult> {
    if (this.mode === "outage") return { kind: "outage", code: "http_503" };
    const c = this.charges.find((x) => x.key === req.key);
    if (!c) return { kind: "unknown", code: "not_found_yet" };
    if (c.status === "action") return { kind: "requires_action", ref: c.ref, code: "requires_action" };
    if (c.status === "declined" || c.status === "canceled") return { kind: "declined", ref: c.ref, code: c.status, soft: false };
    return { kind: "authorized", ref: c.ref, captured: c.status === "captured", code: "ok" };
  }
  protected find(ref: string) {
    return this.charges.find((c) => c.ref === ref);
  }
  private mods = new Map<string, ModResult>();
  /**
   * A capture or cancel under its key: performed once, its answer kept and replayed. `lost` and `timeout`
   * lose the answer (every time while they last); `flaky` keeps a 500 as the key's answer, as Stripe does.
   */
  private modify(key: string, perform: () => ModResult): ModResult {
    if (this.mode === "outage") return TURNED_AWAY;
    if (!this.mods.has(key)) {
      const r = perform();
      this.mods.set(key, r);
      if (this.mode === "flaky") {
        this.mode = "outage";
        this.mods.set(key, SERVER_ERROR);
      }
    }
    return this.mode === "lost" || this.mode === "timeout" ? LOST : this.mods.get(key)!;
  }
  async capture(ref: string, amount: number, _ccy: string, key: string): Promise<ModResult> {
    return this.modify(key, () => {
      const c = this.find(ref);
      if (!c || c.status !== "authorized" || amount > c.amount) return REFUSED;
      Object.assign(c, { status: "captured", captured: amount });
      return { ok: true, ref, settled: true };
    });
  }
  async cancel(ref: string, key: string): Promise<ModResult> {
    return this.modify(key, () => {
      const c = this.find(ref);
      if (!c || (c.status !== "authorized" && c.status !== "action")) return REFUSED;
      c.status = "canceled";
      return { ok: true, ref, settled: true };
    });
  }
  /** A charge's state read, as Stripe's PaymentIntent read. */
  async lookupModification(ref: string, action: "capture" | "cancel"): Promise<ModResult> {
    if (this.mode === "outage") return TURNED_AWAY;
    const c = this.find(ref);
    if (c && c.status === (action === "capture" ? "captured" : "canceled")) return { ok: true, ref, settled: true };
    return c && ["authorized", "captured", "canceled"].includes(c.status) ? REFUSED : LOST;
  }
  private refunds = new Set<string>();
  async refund(ref: string, amount: number, _ccy: string, key: string): Promise<ModResult> {
    if (this.mode === "outage") return TURNED_AWAY;
    const c = this.find(ref);
    if (!this.refunds.has(key)) {
      if (!c || c.refunded + amount > c.captured) return REFUSED;
      c.refunded += amount;
      this.refunds.add(key);
    }
    // lost: refunded, the answer never arrived.
    return this.mode === "lost" ? LOST : { ok: true, ref: key, settled: true };
  }
}

type Outcome = "success" | "failure" | "failed_later";

interface Received { psp: string; kind: "CAPTURE" | "CANCELLATION" | "REFUND"; ref: string; key: string; amount: number; status: "received" | "succeeded" | "failed" | "failed_later" }

/**
 * Adyen: a capture, cancel or refund is only received (201 "received", the real answer kept for its key);
 * whether it happens is decided when its notification is sent. Like the real connector, no reads for them.
 */
class FakeAdyen extends FakeProvider {
  private received: Received[] = [];
  private receive(kind: Received["kind"], ref: string, amount: number, key: string): ModResult {
    if (this.mode === "outage") return TURNED_AWAY;
    let m = this.received.find((x) => x.key === key);
    if (!m) {
      m = { psp: `ADY${crypto.randomUUID()}`, kind, ref, key, amount, status: "received" };
      this.received.push(m);
      // flaky: this first answer is a 500 and Adyen is down from then on; its kept answer is the real one.
      if (this.mode === "flaky") return (this.mode = "outage"), SERVER_ERROR;
    }
    return this.mode === "lost" || this.mode === "timeout" ? LOST : { ok: true, ref: m.psp, settled: false };
  }
  override async capture(ref: string, amount: number, _ccy: string, key: string) {
    return this.receive("CAPTURE", ref, amount, key);
  }
  override async cancel(ref: string, key: string) {
    return this.receive("CANCELLATION", ref, this.find(ref)?.amount ?? 0, key);
  }
  override async refund(ref: string, amount: number, _ccy: string, key: string) {
    return this.receive("REFUND", ref, amount, key);
  }
  /** Decides the oldest modification received, or fails the oldest refund that succeeded (REFUND_FAILED): its notification, if any. */
  notify(outcome: Outcome): AdyenItem | null {
    const m = this.received.find((x) => (outcome === "failed_later" ? x.status === "succeeded" && x.kind === "REFUND" : x.status === "received"));
    if (!m) return null;
    if (outcome === "failed_later") {
      this.find(m.ref)!.refunded -= m.amount;
      m.status = "failed_later";
      return this.item(m, "REFUND_FAILED", true);
    }
    const done = outcome === "success" && this.perform(m);
    m.status = done ? "succeeded" : "failed";
    return this.item(m, m.kind, done);
  }
  private perform(m: Received): boolean {
    const c = this.find(m.ref);
    const can =
      m.kind === "CAPTURE" ? c?.status === "authorized" && m.amount <= c.amount
      : m.kind === "CANCELLATION" ? c?.status === "authorized" || c?.status === "action"
      : !!c && c.refunded + m.amount <= c.captured;
    if (!can) return false;
    if (m.kind === "CAPTURE") Object.assign(c!, { status: "captured", captured: m.amount });
    else if (m.kind === "CANCELLATION") c!.status = "canceled";
    else c!.refunded += m.amount;
    return true;
  }
  private item(m: Received, eventCode: string, success: boolean): AdyenItem {
    return { pspReference: m.psp, originalReference: m.ref, merchantAccountCode: "FakeAdyen", merchantReference: m.key, amount: { value: m.amount, currency: "EUR" }, eventCode, success: String(success) };
  }
  /** The connector as the real one is: charges (with the charge read the model has relied on), and modifications without reads. */
  connector(): Connector {
    return { name: this.name, charge: (r) => this.charge(r), lookup: (r) => this.lookup(r), capture: (...a) => this.capture(...a), cancel: (...a) => this.cancel(...a), refund: (...a) => this.refund(...a) };
  }
}

/** A connector with a seeded bug: a fresh idempotency key on every call, so asking again after a timeout charges again. */
const forgetfulKeys = (p: FakeProvider): Connector => ({
  name: p.name,
  charge: (req) => p.charge({ ...req, key: `${req.key}:${crypto.randomUUID()}` }),
  capture: (...a) => p.capture(...a),
  cancel: (...a) => p.cancel(...a),
  refund: (...a) => p.refund(...a),
});

/** A connector with a seeded bug: Adyen's "received" taken as done, so a capture or refund it later fails stays in the books. */
const receivedIsDone = (c: Connector): Connector => {
  const done = async (r: Promise<ModResult>): Promise<ModResult> => {
    const m = await r;
    return m.ok ? { ...m, settled: true } : m;
  };
  return { ...c, capture: (...a) => done(c.capture(...a)), cancel: (...a) => done(c.cancel(...a)), refund: (...a) => done(c.refund(...a)) };
};

const closedHealth: HealthPort = {
  snapshot: async () => {
    const s = { breaker: "closed" as const, consecutiveFailures: 0, attempts: 0, authorized: 0, successRate: null, p50Ms: null, p95Ms: null, byKey: {}, at: 0 };
    return { stripe: { ...s, provider: "stripe" }, adyen: { ...s, provider: "adyen" } };
  },
  record: async () => {},
};

const provider = fc.constantFrom<ProviderName>("stripe", "adyen");
const command = fc.oneof(
  fc.record({ op: fc.constant("mode" as const), p: provider, mode: fc.constantFrom<Mode>("ok", "ok", "outage", "soft", "hard", "action", "timeout", "lost", "flaky") }),
  fc.record({ op: fc.constant("create" as const), manual: fc.boolean(), amount: fc.integer({ min: 1, max: 100_000 }) }),
  fc.record({ op: fc.constantFrom("confirm" as const, "cancel" as const), i: fc.nat(7) }),
  fc.record({ op: fc.constant("capture" as const), i: fc.nat(7), part: fc.double({ min: 0.1, max: 1.2, noNaN: true }) }),
  fc.record({ op: fc.constant("refund" as const), i: fc.nat(7), part: fc.double({ min: 0.1, max: 1.2, noNaN: true }) }),
  fc.record({ op: fc.constant("webhook" as const), i: fc.nat(7), replay: fc.boolean() }),
  fc.record({ op: fc.constant("reconcile" as const) }),
  fc.record({ op: fc.constant("notify" as const), outcome: fc.constantFrom<Outcome>("success", "success", "failure", "failed_later") }),
);

type Bug = "forgetful_keys" | "received_is_done";

async function runModel(commands: unknown[], bug?: Bug) {
  const fakes = { stripe: new FakeProvider("stripe"), adyen: new FakeAdyen("adyen") };
  const connectors = { stripe: fakes.stripe, adyen: fakes.adyen.connector() };
  const deps: Deps = {
    db: db(ENV.DB),
    connectors:
      bug === "forgetful_keys" ? { stripe: forgetfulKeys(fakes.stripe), adyen: forgetfulKeys(fakes.adyen) }
      : bug === "received_is_done" ? { ...connectors, adyen: receivedIsDone(connectors.adyen) }
      : connectors,
    health: closedHealth,
    now: Date.now,
    random: Math.random,
  };
  const tenant = newTenantId();
  await writeRules(deps.db, tenant, [{ match: {}, route: { type: "chain", providers: ["stripe", "adyen"] } }], new Date().toISOString());
  const ids: string[] = [];
  const events: string[] = [];
  const reconcileAll = async () => {
    const opts = { olderThanMs: 0, limit: 50, tenantId: tenant };
    await reconcileStuck(deps, opts);
    await reconcileRefunds(deps, opts);
    await reconcileModifications(deps, opts);
  };
  /** Adyen's next notification, delivered to the webhook as Adyen would; false when it had none to send. */
  const notify = async (outcome: Outcome) => {
    const item = fakes.adyen.notify(outcome);
    if (item) expect((await adyenWebhook(item)).status).toBe(200);
    return item !== null;
  };
  const tolerate = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      // Refusals (409, 422, 502) are answers; anything else is a bug.
      if (!(err instanceof Error && err.name === "ProblemError")) throw err;
    }
  };
  for (const c of commands) {
    const cmd = c as { op: string; p?: ProviderName; mode?: Mode; manual?: boolean; amount?: number; i?: number; part?: number; replay?: boolean; outcome?: Outcome };
    const id = ids.length ? ids[(cmd.i ?? 0) % ids.length]! : null;
    if (cmd.op === "mode") fakes[cmd.p!].mode = cmd.mode!;
    else if (cmd.op === "create") ids.push((await createIntent(deps, tenant, { amount: cmd.amount!, currency: "EUR", country: "NL", method: "ideal", captureMethod: cmd.manual ? "manual" : "automatic" })).id);
    else if (cmd.op === "reconcile") await reconcileAll();
    else if (cmd.op === "notify") await notify(cmd.outcome!);
    else if (!id) continue;
    else if (cmd.op === "confirm") await tolerate(confirmIntent(deps, tenant, id, { returnUrl: RETURN_URL }));
    else if (cmd.op === "cancel") await tolerate(cancelIntent(deps, tenant, id));
    else if (cmd.op === "capture" || cmd.op === "refund") {
      const loaded = (await loadIntent(deps.db, tenant, id))!.intent;
      const amount = Math.max(1, Math.round((cmd.op === "capture" ? loaded.amount : loaded.amountCaptured) * cmd.part!));
      await tolerate(cmd.op === "capture" ? captureIntent(deps, tenant, id, amount) : refundIntent(deps, tenant, id, crypto.randomUUID(), amount));
    } else if (cmd.op === "webhook") {
      // A truthful provider reports what it holds for this intent's latest charge.
      const charge = [...fakes.stripe.charges, ...fakes.adyen.charges].filter((x) => x.reference === id).pop();
      if (!charge) continue;
      const p: ProviderName = charge.ref.startsWith("stripe") ? "stripe" : "adyen";
      const to = charge.status === "declined" ? "failed" : charge.status === "canceled" ? "canceled" : charge.status === "action" ? null : "authorized";
      const eventId = cmd.replay && events.length ? events[events.length - 1]! : `evt_${crypto.randomUUID()}`;
      events.push(eventId);
      await applyEvent(deps, { provider: p, eventId, ref: charge.ref, reference: id, to, amount: charge.captured || undefined });
    }
  }

  const all = [...fakes.stripe.charges, ...fakes.adyen.charges];
  for (const id of ids) {
    const successes = all.filter((x) => x.reference === id && (x.status === "authorized" || x.status === "captured"));
    expect(successes.length, `intent ${id} charged ${successes.length} times`).toBeLessThanOrEqual(1);
    const { intent, attempts } = (await loadIntent(deps.db, tenant, id))!;
    expect(intent.amountRefunded).toBeLessThanOrEqual(intent.amountCaptured);
    // Our books never show less refunded (or held for a refund) than the providers paid out.
    const paidOut = all.filter((y) => y.reference === id).reduce((sum, y) => sum + y.refunded, 0);
    expect(intent.amountRefunded, `intent ${id} refunded at the provider`).toBeGreaterThanOrEqual(paidOut);
    for (const x of all.filter((y) => y.reference === id)) {
      expect(x.refunded).toBeLessThanOrEqual(x.captured);
      const [intentId, n] = x.key.split(":");
      expect(attempts.some((a) => a.intentId === intentId && String(a.attemptNo) === n), `charge ${x.key} has its attempt`).toBe(true);
    }
  }
  // Once both providers answer again and Adyen has told what it did, one reconciliation run leaves our books as the providers hold the money.
  fakes.stripe.mode = fakes.adyen.mode = "ok";
  while (await notify("success"));
  await reconcileAll();
  const held = [...fakes.stripe.charges, ...fakes.adyen.charges];
  for (const id of ids) {
    const { intent, refunds } = (await loadIntent(deps.db, tenant, id))!;
    const charges = held.filter((x) => x.reference === id);
    const where = `intent ${id} (${intent.status}, pending ${intent.pendingAction}) against ${JSON.stringify(charges.map((x) => [x.status, x.captured]))}`;
    expect([intent.status === "processing", intent.pendingAction], where).toEqual([false, null]);
    expect(intent.amountCaptured, where).toBe(charges.reduce((sum, x) => sum + x.captured, 0));
    expect([intent.amountRefunded, refunds.filter((r) => r.status === "pending").length], `${where}, refunds ${JSON.stringify(refunds.map((r) => [r.status, r.amount]))}`).toEqual([charges.reduce((sum, x) => sum + x.refunded, 0), 0]);
    if (charges.some((x) => x.status === "authorized")) expect(intent.status, where).toBe("requires_capture");
    if (intent.status === "canceled") expect(charges.every((x) => x.status === "canceled" || x.status === "declined"), where).toBe(true);
  }
}

const sequences = fc.array(command, { minLength: 5, maxLength: 30 });

/** An intent authorized at Adyen for capture later (Stripe, first in the chain, is down). */
const AT_ADYEN = [{ op: "create", manual: true, amount: 900 }, { op: "mode", p: "stripe", mode: "outage" }, { op: "confirm", i: 0 }];

describe("model: never two successful charges, refunds within captures, every attempt recorded", () => {
  it("holds for random sequences of outages, declines, timeouts, retries, webhooks and refunds", async () => {
    await fc.assert(fc.asyncProperty(sequences, (cmds) => runModel(cmds)), { numRuns: 200 });
  }, 120_000);

  it("never charges a second provider after a 500 whose re-ask meets an outage", async () => {
    const flakyThenConfirm = [{ op: "create", manual: false, amount: 100 }, { op: "mode", p: "stripe", mode: "flaky" }, { op: "confirm", i: 0 }];
    await runModel(flakyThenConfirm);
  });

  it("settles captures and cancels whose answer was lost, or was a 500 replayed to every re-ask", async () => {
    for (const mode of ["lost", "flaky"] as const) {
      for (const op of ["capture", "cancel"] as const) {
        const modifiedUnanswered = [{ op: "create", manual: true, amount: 700 }, { op: "confirm", i: 0 }, { op: "mode", p: "stripe", mode }, { op, i: 0, part: 1 }];
        await runModel(modifiedUnanswered);
      }
    }
  });

  it("catches a seeded bug: a connector that sends a fresh idempotency key on every call charges twice after a timeout", async () => {
    const timeoutThenConfirm = [{ op: "create", manual: false, amount: 100 }, { op: "mode", p: "stripe", mode: "timeout" }, { op: "confirm", i: 0 }];
    await expect(runModel(timeoutThenConfirm, "forgetful_keys")).rejects.toThrow(/charged 2 times/);
    // And fast-check finds such a sequence on its own. About 3 in 100 random sequences hit it (measured: 13 of 400), so
    // 200 runs missed it once in CI; up to 2,000 runs miss it with odds near e^-60 and stop at the first hit (~30 runs).
    await expect(fc.assert(fc.asyncProperty(sequences, (cmds) => runModel(cmds, "forgetful_keys")), { numRuns: 2_000, endOnFailure: true })).rejects.toThrow();
  }, 120_000);

  it("settles Adyen's received captures, cancels and refunds by their notifications, failed ones included", async () => {
    for (const outcome of ["success", "failure"] as const) {
      for (const op of ["capture", "cancel"] as const) await runModel([...AT_ADYEN, { op, i: 0, part: 1 }, { op: "reconcile" }, { op: "notify", outcome }]);
    }
    const captured = [...AT_ADYEN, { op: "capture", i: 0, part: 1 }, { op: "notify", outcome: "success" }, { op: "refund", i: 0, part: 0.5 }];
    await runModel([...captured, { op: "notify", outcome: "failure" }]);
    await runModel([...captured, { op: "notify", outcome: "success" }, { op: "notify", outcome: "failed_later" }, { op: "refund", i: 0, part: 1 }]);
  });

  it("catches a seeded bug: Adyen's \"received\" taken as done keeps a capture Adyen then failed in the books", async () => {
    await expect(runModel([...AT_ADYEN, { op: "capture", i: 0, part: 1 }, { op: "notify", outcome: "failure" }], "received_is_done")).rejects.toThrow(/succeeded, pending null\) against \[\["authorized",0\]\]/);
  });
});
