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
import { ENV, newTenantId } from "./helpers";

/**
 * Model-based test: random sequences of provider outages, declines, timeouts
 * (charged, answer lost), retries, webhooks, captures, refunds and cancels,
 * run against the real service code and D1, with in-memory providers that
 * keep idempotency records as Stripe and Adyen do, and reconciliation runs.
 * After each sequence: no intent has two successful charges, refunds never
 * exceed captures nor fall below what the providers paid out, and every
 * charge a provider holds has its attempt recorded. Then, with both providers
 * answering again, one reconciliation run leaves nothing processing or
 * pending and the books showing what the providers captured.
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
  private find(ref: string) {
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
      return { ok: true, ref };
    });
  }
  async cancel(ref: string, key: string): Promise<ModResult> {
    return this.modify(key, () => {
      const c = this.find(ref);
      if (!c || (c.status !== "authorized" && c.status !== "action")) return REFUSED;
      c.status = "canceled";
      return { ok: true, ref };
    });
  }
  /** A charge's state read, as Stripe's PaymentIntent read. */
  async lookupModification(ref: string, action: "capture" | "cancel"): Promise<ModResult> {
    if (this.mode === "outage") return TURNED_AWAY;
    const c = this.find(ref);
    if (c && c.status === (action === "capture" ? "captured" : "canceled")) return { ok: true, ref };
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
    return this.mode === "lost" ? { ok: false, code: "timeout", message: "no answer", failure: "unknown" } : { ok: true, ref: key };
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
);

async function runModel(commands: unknown[], buggy: boolean) {
  const fakes = { stripe: new FakeProvider("stripe"), adyen: new FakeProvider("adyen") };
  const deps: Deps = {
    db: db(ENV.DB),
    connectors: buggy ? { stripe: forgetfulKeys(fakes.stripe), adyen: forgetfulKeys(fakes.adyen) } : fakes,
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
  const tolerate = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      // Refusals (409, 422, 502) are answers; anything else is a bug.
      if (!(err instanceof Error && err.name === "ProblemError")) throw err;
    }
  };
  for (const c of commands) {
    const cmd = c as { op: string; p?: ProviderName; mode?: Mode; manual?: boolean; amount?: number; i?: number; part?: number; replay?: boolean };
    const id = ids.length ? ids[(cmd.i ?? 0) % ids.length]! : null;
    if (cmd.op === "mode") fakes[cmd.p!].mode = cmd.mode!;
    else if (cmd.op === "create") ids.push((await createIntent(deps, tenant, { amount: cmd.amount!, currency: "EUR", country: "NL", method: "ideal", captureMethod: cmd.manual ? "manual" : "automatic" })).id);
    else if (cmd.op === "reconcile") await reconcileAll();
    else if (!id) continue;
    else if (cmd.op === "confirm") await tolerate(confirmIntent(deps, tenant, id));
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
  // Once both providers answer again, one reconciliation run leaves our books as the providers hold the money.
  fakes.stripe.mode = fakes.adyen.mode = "ok";
  await reconcileAll();
  const held = [...fakes.stripe.charges, ...fakes.adyen.charges];
  for (const id of ids) {
    const { intent } = (await loadIntent(deps.db, tenant, id))!;
    const charges = held.filter((x) => x.reference === id);
    const where = `intent ${id} (${intent.status}, pending ${intent.pendingAction}) against ${JSON.stringify(charges.map((x) => [x.status, x.captured]))}`;
    expect([intent.status === "processing", intent.pendingAction], where).toEqual([false, null]);
    expect(intent.amountCaptured, where).toBe(charges.reduce((sum, x) => sum + x.captured, 0));
    if (charges.some((x) => x.status === "authorized")) expect(intent.status, where).toBe("requires_capture");
    if (intent.status === "canceled") expect(charges.every((x) => x.status === "canceled" || x.status === "declined"), where).toBe(true);
  }
}

const sequences = fc.array(command, { minLength: 5, maxLength: 30 });

describe("model: never two successful charges, refunds within captures, every attempt recorded", () => {
  it("holds for random sequences of outages, declines, timeouts, retries, webhooks and refunds", async () => {
    await fc.assert(fc.asyncProperty(sequences, (cmds) => runModel(cmds, false)), { numRuns: 200 });
  }, 120_000);

  it("never charges a second provider after a 500 whose re-ask meets an outage", async () => {
    const flakyThenConfirm = [{ op: "create", manual: false, amount: 100 }, { op: "mode", p: "stripe", mode: "flaky" }, { op: "confirm", i: 0 }];
    await runModel(flakyThenConfirm, false);
  });

  it("settles captures and cancels whose answer was lost, or was a 500 replayed to every re-ask", async () => {
    for (const mode of ["lost", "flaky"] as const) {
      for (const op of ["capture", "cancel"] as const) {
        const modifiedUnanswered = [{ op: "create", manual: true, amount: 700 }, { op: "confirm", i: 0 }, { op: "mode", p: "stripe", mode }, { op, i: 0, part: 1 }];
        await runModel(modifiedUnanswered, false);
      }
    }
  });

  it("catches a seeded bug: a connector that sends a fresh idempotency key on every call charges twice after a timeout", async () => {
    const timeoutThenConfirm = [{ op: "create", manual: false, amount: 100 }, { op: "mode", p: "stripe", mode: "timeout" }, { op: "confirm", i: 0 }];
    await expect(runModel(timeoutThenConfirm, true)).rejects.toThrow(/charged 2 times/);
    // And fast-check finds such a sequence on its own.
    await expect(fc.assert(fc.asyncProperty(sequences, (cmds) => runModel(cmds, true)), { numRuns: 200, endOnFailure: true })).rejects.toThrow();
  });
});
