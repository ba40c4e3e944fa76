import { expect } from "vitest";
import { depsOf, iso } from "../src/service/deps";
import { reconcileModifications, reconcileRefunds, reconcileStuck } from "../src/service/reconcile";
import { refundIntent } from "../src/service/settle";
import { beginAttempt, moveIntent } from "../src/store/intents";
import { ENV, call, confirm, createIntent, json, newTenantId, type Intent } from "./helpers";
import { DAY, claimedAgo } from "./provider-calls";

// What the tests of the review list and of resolving its items share: a tenant routing to Adyen, items of each kind
// that reconciliation moved to review (past Adyen's key window: it has no read), and the routes.

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

export async function adyenTenant() {
  const tenant = newTenantId();
  await json(await call("/v1/payments/routing", { method: "PUT", tenant, json: { rules: [{ match: {}, route: { type: "provider", provider: "adyen" } }] } }), 200);
  return tenant;
}

export async function authorized(tenant: string) {
  const intent = await createIntent(tenant, { captureMethod: "manual" });
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("requires_capture");
  return intent.id;
}

/** A capture (or cancel) Adyen received a month ago and never notified: reconciliation moves it to review. */
export async function modificationInReview(tenant: string, action: "capture" | "cancel") {
  const id = await authorized(tenant);
  await json(await call(`/v1/payments/intents/${id}/${action}`, { method: "POST", tenant, ...(action === "capture" ? { json: { amountToCapture: 1000 } } : {}) }), 202);
  await claimedAgo(id, MONTH);
  expect(await reconcileModifications(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id, action, outcome: "review" }]);
  return id;
}

/** A refund (of 500 unless told) Adyen received a month ago and never notified: reconciliation moves it to review. */
export async function refundInReview(tenant: string, amount = 500) {
  const intent = await createIntent(tenant);
  expect((await json<Intent>(await confirm(tenant, intent.id), 200)).status).toBe("succeeded");
  const refund = await refundIntent(deps(), tenant, intent.id, `refund-${intent.id}`, amount);
  await ENV.DB.prepare("UPDATE payment_refunds SET created_at = ? WHERE id = ?").bind(iso(Date.now() - MONTH), refund.id).run();
  expect(await reconcileRefunds(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id: refund.id, outcome: "review" }]);
  return { intentId: intent.id, refundId: refund.id };
}

/** A confirm that began attempt 1 at Adyen a month ago and died (Adyen never got it): reconciliation moves the intent to review. */
export async function chargeInReview(tenant: string, body: Record<string, unknown> = {}) {
  const { id } = await createIntent(tenant, body);
  const then = iso(Date.now() - MONTH);
  const claimed = (await moveIntent(deps().db, id, ["requires_confirmation"], { status: "processing" }, { tenantId: tenant, now: then }))!;
  expect(await beginAttempt(deps().db, { intentId: id, attemptNo: 1, tenantId: tenant, provider: "adyen", idempotencyKey: `${id}:1`, status: "pending", createdAt: then }, claimed.version)).toBe(true);
  expect(await reconcileStuck(deps(), { olderThanMs: 0, limit: 10, tenantId: tenant })).toEqual([{ id, outcome: "review", status: "processing" }]);
  return id;
}

/** A pspReference as Adyen makes them (16 capital letters and digits), fresh. */
export const pspReference = () => crypto.randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
