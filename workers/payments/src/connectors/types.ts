import type { ProviderName } from "../domain/methods-data";
import type { ReadAction } from "../domain/next-action";
import type { PaymentShown } from "../domain/payment-check";
import type { RefundShown } from "../domain/refund-check";
import type { ReviewKind } from "../domain/review";

/** How a connector reaches its provider: in production global `fetch` and the live URL; locally the simulator's binding. */
export interface Transport {
  baseUrl: string;
  secret: string;
  fetch: typeof fetch;
  /** After this long the outcome of a call is unknown (the provider may have acted). */
  timeoutMs: number;
  /** Adyen's merchant account (ignored by Stripe). */
  merchantAccount?: string;
}

export interface ChargeRequest {
  /** The attempt's own idempotency key, sent to the provider: a replay never charges twice. */
  key: string;
  /** Our intent id, sent as the provider's reference / metadata. */
  reference: string;
  amount: number;
  currency: string;
  method: string;
  capture: "automatic" | "manual";
  /**
   * Where the provider sends the buyer back after a redirect (the confirm's `returnUrl`); null: none is sent. Part of
   * the request its key is bound to: a re-ask with the same key must carry the same one (the intent keeps it).
   */
  returnUrl: string | null;
}

/**
 * What the buyer brought back from a provider's page (Adyen's `redirectResult` on the return URL), handed to the
 * provider for the payment's result. `capture` and `returnUrl` are the charge's own, to read the answer as its charge's.
 */
export interface DetailsRequest {
  /** The request's own idempotency key, sent to the provider: asked again, it answers the same. */
  key: string;
  redirectResult: string;
  capture: ChargeRequest["capture"];
  returnUrl: string | null;
  /**
   * The intent's reference and amount: an answer about another payment (a buyer bringing another checkout's
   * `redirectResult`, a cheaper one) is refused, never taken as this one's result.
   */
  reference: string;
  amount: number;
  currency: string;
}

/** What one call to a provider came to, in our terms; `code` is the provider's own result or decline code. */
export type ChargeResult =
  | { kind: "authorized"; ref: string; captured: boolean; code: string }
  /**
   * `ref` null: Adyen's redirect answers may carry no pspReference (its AUTHORISATION then brings it). `next`: what
   * the buyer must do, as read from the answer (absent where a connector reads none).
   */
  | { kind: "requires_action"; ref: string | null; code: string; next?: ReadAction }
  | { kind: "declined"; ref: string | null; code: string; soft: boolean }
  /** `answered`: the provider weighed this request and refused it (a 4xx deciding nothing): it is up, so its health is not at fault. */
  | { kind: "outage"; code: string; answered?: true }
  /**
   * No answer in time, or an answer that does not say: the provider may have charged. `pending`: the provider answered
   * that it holds the payment, unfinished (Stripe `processing`, Adyen `Received`/`Pending`): reconciliation waits longer
   * and longer before asking again (`domain/pending-wait.ts`), where no answer is asked again at once.
   */
  | { kind: "unknown"; code: string; pending?: true; ref?: string | null }
  /** Never sent (`UNREPRESENTABLE_CHARGE`): the provider was not asked, so this says nothing of it; `code` is ours. */
  | { kind: "not_sent"; code: string };

/**
 * Why a capture, cancel or refund is not done: `refused` (the provider weighed it and said no), `turned_away`
 * (503 or 429: not looked at this time) or `unknown` (no answer, or another 5xx: it may have acted).
 */
export type ModFailure = "refused" | "turned_away" | "unknown";

/**
 * A capture, cancel or refund: accepted, or not and why. `settled` when accepting it was doing it (Stripe);
 * false when the provider only received it and says later, in an event, whether it happened (Adyen's 201
 * "received", a Stripe refund still `pending`): asking again then repeats that answer, so only that event,
 * or a read where the provider has one, settles it.
 */
export type ModResult = { ok: true; ref: string; settled: boolean } | { ok: false; code: string; message: string; failure: ModFailure };

/**
 * A charge of an amount the provider cannot take in its units (`domain/provider-units.ts`): never sent, so a
 * chain falls back to a provider that can, as from a soft decline.
 */
export const UNREPRESENTABLE_CHARGE: ChargeResult = { kind: "not_sent", code: "amount_not_representable" };

/** A capture or refund sent as the provider's `value` of its amount, or refused without a call when there is none. */
export function withValue(provider: string, value: number | null, send: (value: number) => Promise<ModResult>): Promise<ModResult> {
  if (value === null) return Promise.resolve({ ok: false, code: "amount_not_representable", message: `${provider} does not take this amount in this currency`, failure: "refused" });
  return send(value);
}

/**
 * The failure a modification's answer (or its absence) stands for, as `refusedOrUnknown` reads a charge's:
 * a 4xx other than 401/403 is the provider's refusal of the modification itself.
 */
export function modFailure(r: { status: number } | { unknown: string }): ModFailure {
  if ("unknown" in r) return "unknown";
  const charge = refusedOrUnknown(r.status, true);
  return !charge ? "refused" : charge.kind === "outage" ? "turned_away" : "unknown";
}

/** One provider's API behind one interface. */
export interface Connector {
  readonly name: ProviderName;
  /** Creates and confirms a charge; calling it again with the same `key` asks for the first call's outcome. */
  charge(req: ChargeRequest): Promise<ChargeResult>;
  capture(ref: string, amount: number, currency: string, key: string): Promise<ModResult>;
  cancel(ref: string, key: string): Promise<ModResult>;
  refund(ref: string, amount: number, currency: string, key: string): Promise<ModResult>;
  /**
   * What the provider holds for a charge attempt, read instead of asked again: a provider that saves a 5xx as
   * the key's answer (Stripe) replays it to every re-ask, so only a read settles such an attempt. `unknown`
   * when it shows nothing (yet). Absent where the provider has no such read (its events settle instead).
   */
  lookup?(req: ChargeRequest): Promise<ChargeResult>;
  /**
   * The payment's result for what the buyer brought back from a redirect (Adyen's /payments/details). Absent where
   * the provider finishes the buyer's step itself and tells its result in an event (Stripe).
   */
  details?(req: DetailsRequest): Promise<ChargeResult>;
  /**
   * The same for a refund made with `key` on the charge `ref`. A read may take more than one request (Stripe pages
   * through the charge's refunds): `mayPage` is asked before each request after the first, and false stops the
   * read, unknown. Every caller bounds it: reconciliation by its run's budget of calls, a client's retry by the few
   * calls a request may wait on.
   */
  lookupRefund?(ref: string, key: string, mayPage: () => boolean): Promise<ModResult>;
  /** The same for a capture or cancel of the charge `ref`: done, refused (the charge shows it did not happen) or unknown. */
  lookupModification?(ref: string, action: "capture" | "cancel"): Promise<ModResult>;
  /** A payment by its reference (an operator's `providerRef` of a charge in review is checked by it). */
  readPayment?(ref: string): Promise<PaymentRead>;
  /** A refund by its reference (an operator's `providerRef` of a refund in review is checked by it). */
  readRefund?(ref: string): Promise<RefundRead>;
}

/** An object read by its reference: as the provider shows it, not known there, or no clear answer (`unknown`: say nothing of it). */
export type ReadByRef<T> = { shown: T } | { notFound: true } | { unknown: string };
export type PaymentRead = ReadByRef<PaymentShown>;
export type RefundRead = ReadByRef<RefundShown>;

/**
 * Which of a connector's reads learns each kind of item left pending, and which read a payment or a refund by its
 * reference (`payment`, `refundRef`).
 */
const READS = {
  charge: "lookup",
  refund: "lookupRefund",
  capture: "lookupModification",
  cancel: "lookupModification",
  payment: "readPayment",
  refundRef: "readRefund",
} as const satisfies Record<ReviewKind | "payment" | "refundRef", keyof Connector>;

/**
 * The connector's read of one kind of item left pending (a charge attempt, refund, capture or cancel), or of a payment
 * or a refund by its reference, or undefined where its provider has none: the one place that says whether a provider
 * has a read. Past the key window (`pendingStep`) reconciliation and a client's retry read by it, or leave the item to
 * review without one; the review list words an item's note by it (no read, or a read that stayed unclear); an
 * operator's reference of a charge's payment, or of a refund, is looked up by it before the item is settled.
 */
export function readOf<K extends keyof typeof READS>(connector: Connector, kind: K): Connector[(typeof READS)[K]] {
  const read = connector[READS[kind]] as ((...args: never[]) => unknown) | undefined;
  return read?.bind(connector) as Connector[(typeof READS)[K]];
}

/**
 * What an answer to a charge says when it is not the provider's decision on the payment; null when it is
 * one (a 2xx, or a 4xx whose body carries the issuer's or the provider's decision: `decided`, as the
 * connector reads its body: Adyen's `resultCode`, Stripe's `card_error`).
 * - 503 and 429 turn the call away before any work (the provider is down or shedding load): an outage,
 *   safe to fall back from.
 * - Any other 5xx is the provider failing while it may already have charged (Stripe replays a 500 to the
 *   same key): unknown, so the chain stops rather than charge a second provider.
 * - 401 and 403 (an API key rotated, revoked or wrong; an account not allowed) and any other 4xx that
 *   decides nothing about the payment (a merchant or configuration error: a method not activated, a
 *   request the provider would not take) are turned away too: the provider did nothing, so the chain
 *   falls back and provider health counts a failure. Never the issuer's word, so never a decline.
 * A 4xx saying a request under the same key is in flight or was made (it may have charged) is the
 * connector's to read as unknown before asking this. `detail` (the provider's own error code) is added
 * to the code of such a 4xx.
 */
export function refusedOrUnknown(status: number, decided: boolean, detail?: string): ChargeResult | null {
  if (status === 503 || status === 429) return { kind: "outage", code: `http_${status}` };
  if (status >= 500) return { kind: "unknown", code: `http_${status}` };
  const code = detail ? `http_${status} ${detail}` : `http_${status}`;
  // Our platform key refused: the provider is unusable for every tenant.
  if (status === 401 || status === 403) return { kind: "outage", code };
  // One tenant's request refused (amount_too_small, a method not activated): falls back, but is no outage.
  if (status >= 400 && !decided) return { kind: "outage", code, answered: true };
  return null;
}

/**
 * A provider call with a deadline. An abort or a network error after the
 * request left is `unknown`, never a failure: the provider may have acted.
 */
export async function call(t: Transport, path: string, init: RequestInit): Promise<{ status: number; body: unknown } | { unknown: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), t.timeoutMs);
  try {
    const res = await t.fetch(`${t.baseUrl}${path}`, { ...init, signal: controller.signal });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  } catch (err) {
    return { unknown: controller.signal.aborted ? "timeout" : `network_error: ${String(err).slice(0, 120)}` };
  } finally {
    clearTimeout(timer);
  }
}
