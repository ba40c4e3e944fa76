import { expect } from "vitest";
import { depsOf, iso } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { refundIntent } from "../src/service/settle";
import { beginAttempt, moveIntent } from "../src/store/intents";
import { ENV, call, confirm, createIntent, json, newTenantId, type Intent } from "./helpers";
import { DAY, claimedAgo } from "./provider-calls";

// What the tests of the review list and of resolving its items share: a tenant routing to Adyen, items of each kind
// that reconciliation moved to review (past Adyen's key window: it has no read; charges at Stripe too), and the routes.

export const deps = () => depsOf(ENV);
export const MONTH = 30 * DAY;

export type Item = {
  kind: string;
  intentId: string;
  refundId: string | null;
  amount: number;
  currency: string;
  provider: string;
  paymentRef: string | null;
  reference: string;
  sentAt: string;
  since: string;
  note: string;
  check: string;
};
export type Page = { items: Item[]; nextCursor: string | null };
export type Seen = Intent & {
  pending: { action: string } | null;
  lastError: string | null;
  providerRef?: string | null;
  refunds: { id: string; status: string; providerRef: string | null }[];
};
export type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

export const list = (tenant: string, query = "") => call(`/v1/payments/review${query}`, { tenant });
export const read = async (tenant: string, id: string) => json<Seen>(await call(`/v1/payments/intents/${id}`, { tenant }), 200);
export const resolve = (tenant: string, id: string, body: unknown, key?: string) => call(`/v1/payments/review/${id}/resolve`, { method: "POST", tenant, json: body, ...(key ? { key } : {}) });
/** The status and problem code of a refused resolve. */
export const refused = async (res: Response) => [res.status, ((await res.json()) as Problem).code];

/** A new tenant routing every payment to `provider`. */
export async function tenantAt(provider: "adyen" | "stripe") {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider } }] } }), 200);
  return tenant;
}

export const adyenTenant = () => tenantAt("adyen");

export async function authorized(tenant: string) {
  const intent = await createIntent(tenant, { captureMethod: "manual" });
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
  return intent.id;
}

/** What `inReview` is asked for: captures and cancels (of authorised intents), refunds by amount, charges by create body. */
export interface Wanted {
  modifications?: ("capture" | "cancel")[];
  refunds?: number[];
  charges?: Record<string, unknown>[];
  /**
   * Where the charges' attempts went: Adyen (no read: past its key window straight to review) unless told; at Stripe
   * reconciliation reads each (its search, which finds nothing) and, a month past, gives the read up to review.
   */
  chargesAt?: "adyen" | "stripe";
}

/** A capture (of 1000) or cancel Adyen received a month ago and never notified. */
async function modificationSentLongAgo(tenant: string, action: "capture" | "cancel") {
  const id = await authorized(tenant);
  await json(await call(`/v1/payments/intents/${id}/${action}`, { method: "POST", tenant, ...(action === "capture" ? { json: { amountToCapture: 1000 } } : {}) }), 202);
  await claimedAgo(id, MONTH);
  return id;
}

/** A refund in review, by its id and its intent's. */
export type Refund = { intentId: string; refundId: string };

/** A refund of `amount` of a charge of 2500 Adyen received a month ago and never notified. */
async function refundSentLongAgo(tenant: string, amount: number): Promise<Refund> {
  const intent = await createIntent(tenant);
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
  const refund = await refundIntent(deps(), tenant, intent.id, `refund-${intent.id}`, amount);
  await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - MONTH), refund.id).run();
  return { intentId: intent.id, refundId: refund.id };
}

/** A confirm that began attempt 1 at `provider` a month ago and died (the provider never got it). */
async function chargeBegunLongAgo(tenant: string, body: Record<string, unknown>, provider: "adyen" | "stripe") {
  const { id } = await createIntent(tenant, body);
  const then = iso(Date.now() - MONTH);
  const claimed = (await moveIntent(deps().db, id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: then }))!;
  expect(await beginAttempt(deps().db, { intentId: id, attemptNo: 1, tenantId: tenant, provider, idempotencyKey: `${id}:1`, status: "pending", createdAt: then }, claimed.version)).toBe(true);
  return id;
}

/**
 * Items of the tenant's in review, made together (past the provider's key window): every intent first, side
 * by side, then each reconciler once for the tenant, which must move exactly these to review. Only once nothing is in
 * flight does a reconciler run: one running while a confirm was under way would take that intent for stuck.
 */
export async function inReview(tenant: string, want: Wanted) {
  const actions = want.modifications ?? [];
  const [modifications, refunds, charges] = await Promise.all([
    Promise.all(actions.map((action) => modificationSentLongAgo(tenant, action))),
    Promise.all((want.refunds ?? []).map((amount) => refundSentLongAgo(tenant, amount))),
    Promise.all((want.charges ?? []).map((body) => chargeBegunLongAgo(tenant, body, want.chargesAt ?? "adyen"))),
  ]);
  const opts = { olderThanMs: 0, limit: 50, tenantId: tenant };
  /** Runs `reconciler` once where something of its kind was made: it must move exactly `expected` to review. */
  const moves = async (made: unknown[], reconciler: () => Promise<unknown[]>, expected: () => unknown[]) => {
    const sorted = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
    if (made.length > 0) expect(sorted(await reconciler())).toEqual(sorted(expected()));
  };
  await Promise.all([
    moves(modifications, () => reconcileModifications(deps(), opts), () => modifications.map((id, i) => ({ id, action: actions[i], outcome: "review" }))),
    moves(refunds, () => reconcileRefunds(deps(), opts), () => refunds.map((r) => ({ id: r.refundId, outcome: "review" }))),
    moves(charges, () => reconcileStuck(deps(), opts), () => charges.map((id) => ({ id, outcome: "review", status: "processing" }))),
  ]);
  return { modifications, refunds, charges };
}

/** One item of each kind in review on the tenant: a capture of 1000, a cancel, a refund of 500 and a charge. */
export async function everyKindInReview(tenant: string) {
  const { modifications, refunds, charges } = await inReview(tenant, { modifications: ["capture", "cancel"], refunds: [500], charges: [{}] });
  return { capture: modifications[0]!, cancel: modifications[1]!, refund: refunds[0]!, charge: charges[0]! };
}

/** A capture (or cancel) Adyen received a month ago and never notified: reconciliation moves it to review. */
export const modificationInReview = async (tenant: string, action: "capture" | "cancel") => (await inReview(tenant, { modifications: [action] })).modifications[0]!;

/** A refund (of 500 unless told) Adyen received a month ago and never notified: reconciliation moves it to review. */
export const refundInReview = async (tenant: string, amount = 500) => (await inReview(tenant, { refunds: [amount] })).refunds[0]!;

/** A confirm that began attempt 1 at Adyen a month ago and died (Adyen never got it): reconciliation moves the intent to review. */
export const chargeInReview = async (tenant: string, body: Record<string, unknown> = {}) => (await inReview(tenant, { charges: [body] })).charges[0]!;

/** A pspReference as Adyen makes them (16 capital letters and digits), fresh. */
export const pspReference = () => crypto.randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();

/** Adyen's AUTHORISATION notification of a payment of 2,500 EUR for `intentId` under `psp`. */
export const authorisation = (intentId: string, psp: string, success = "true") => ({
  pspReference: psp,
  merchantAccountCode: "EcpLocalSim",
  merchantReference: intentId,
  amount: { value: 2500, currency: "EUR" },
  eventCode: "AUTHORISATION",
  success,
});
