import { fromStripeAmount, toStripeAmount } from "../domain/stripe-units";
import { stripeNextAction } from "./stripe-next-action";
import { call, modFailure, refusedOrUnknown, UNREPRESENTABLE_CHARGE, withValue, type ChargeRequest, type ChargeResult, type Connector, type ModResult, type Transport } from "./types";

/**
 * Stripe's PaymentIntents API (form-encoded, `Idempotency-Key` header): one
 * `POST /v1/payment_intents` with `confirm=true` creates and confirms; a
 * retry with the same key returns the first answer (Stripe keeps keys 24 h).
 * Amounts go in Stripe's units (see `toStripeAmount`).
 */

/** Our method ids as Stripe's `payment_method_types`. */
const TYPES: Record<string, string> = {
  card_visa: "card", card_mastercard: "card", card_amex: "card", card_jcb: "card", card_unionpay: "card", card_cb: "card",
  apple_pay: "card", google_pay: "card", alipay: "alipay", wechat_pay: "wechat_pay", grabpay: "grabpay", twint: "twint",
  swish: "swish", ideal: "ideal", bancontact: "bancontact", eps: "eps", blik: "blik", sepa_debit: "sepa_debit", pix: "pix", boleto: "boleto",
  oxxo: "oxxo", spei: "customer_balance", promptpay: "promptpay", paynow: "paynow", fpx: "fpx", konbini: "konbini",
  klarna: "klarna", afterpay: "afterpay_clearpay",
};

/**
 * Decline codes another acquirer may well approve (issuer or processor
 * trouble): fall back. Every other decline is the issuer's answer about this
 * buyer (stolen, fraudulent, insufficient funds…): stop, retrying elsewhere is
 * what card-network retry rules penalise.
 */
const SOFT = new Set(["try_again_later", "issuer_not_available", "processing_error", "reenter_transaction", "approve_with_id", "card_not_supported", "currency_not_supported", "rate_limit"]);

const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

interface StripeIntent {
  id: string;
  status: string;
  last_payment_error?: { code?: string; decline_code?: string } | null;
  /** What the buyer must do while `requires_action` (read by `stripeNextAction`). */
  next_action?: unknown;
}
/** A PaymentIntent as read by its id: what an operator's reference of a charge is checked against. */
interface ShownIntent extends StripeIntent {
  amount: number;
  amount_received?: number;
  currency: string;
  metadata?: { intent_id?: string };
}
interface StripeError {
  error: { type: string; code?: string; decline_code?: string; message?: string; payment_intent?: StripeIntent };
}

interface StripeRefund {
  id: string;
  status: string;
}
/** A Refund as read by its id: what an operator's reference of a refund is checked against. */
interface ShownRefund extends StripeRefund {
  amount: number;
  currency: string;
  payment_intent?: string | null;
  metadata?: { refund_key?: string } | null;
}

interface StripeRefundList {
  data?: (StripeRefund & { metadata?: Record<string, string> })[];
  has_more?: boolean;
}

/**
 * The most pages of a charge's refunds (100 a page) `lookupRefund` reads: 1,000 refunds, far beyond what one
 * charge has. A refund not among them is unknown, never "not made": its amount stays held, pending, and
 * reconciliation reads again later (a client's retry answers it as it stands).
 */
export const REFUND_PAGES = 10;

/** A refund read that did not find it: unknown, so it stays pending (never refused: it may well exist). */
const notRead = (code: string, message: string): ModResult => ({ ok: false, code, message, failure: "unknown" });

/**
 * A Refund as Stripe shows it, created or read: only `succeeded` is done. `pending` and `requires_action`
 * (cash and bank methods: OXXO, Boleto, Konbini, customer_balance) are accepted but no money has moved yet,
 * so the refund stays pending until its `refund.updated` event or a read settles it; `failed` and
 * `canceled` did not happen.
 */
function refundResult(refund: StripeRefund): ModResult {
  if (refund.status === "succeeded") return { ok: true, ref: refund.id, settled: true };
  if (refund.status === "failed" || refund.status === "canceled") return { ok: false, code: `refund_${refund.status}`, message: `Stripe reports the refund ${refund.status}`, failure: "refused" };
  return { ok: true, ref: refund.id, settled: false };
}

export function stripeConnector(t: Transport): Connector {
  const post = (path: string, fields: Record<string, string | number>, key: string) =>
    call(t, path, {
      method: "POST",
      headers: { authorization: `Bearer ${t.secret}`, "content-type": "application/x-www-form-urlencoded", "idempotency-key": key, "stripe-version": "2024-06-20" },
      body: form(fields),
    });

  /** `done` reads a 2xx answer: a PaymentIntent answered to a capture or cancel is done; a Refund says itself (`refundResult`). */
  const mod = async (path: string, fields: Record<string, string | number>, key: string, done = (body: unknown): ModResult => ({ ok: true, ref: (body as { id: string }).id, settled: true })): Promise<ModResult> => {
    const r = await post(path, fields, key);
    if ("unknown" in r) return { ok: false, code: r.unknown, message: "no answer from Stripe in time", failure: "unknown" };
    if (r.status >= 200 && r.status < 300) return done(r.body);
    const e = (r.body as StripeError).error;
    // The key in use by a request in flight (409), or used before with other parameters: that request may have acted.
    if (r.status === 409 || e?.type === "idempotency_error") return { ok: false, code: r.status === 409 ? "idempotency_key_in_use" : "idempotency_error", message: e?.message ?? "Stripe has a request under this key", failure: "unknown" };
    return { ok: false, code: e?.code ?? `http_${r.status}`, message: e?.message ?? "Stripe refused the request", failure: modFailure(r) };
  };

  const get = (path: string) => call(t, path, { headers: { authorization: `Bearer ${t.secret}`, "stripe-version": "2024-06-20" } });
  /** A GET's body, or why there is none (no answer in time, or a status other than 200) as a code. */
  const read = async <T>(path: string): Promise<{ body: T } | { missing: string }> => {
    const r = await get(path);
    return "unknown" in r ? { missing: r.unknown } : r.status === 200 ? { body: r.body as T } : { missing: `http_${r.status}` };
  };
  /** An object read by id: its body, Stripe's own 404 (`resource_missing`: no such object), or no clear answer. */
  const readById = async <T>(path: string): Promise<{ body: T } | { notFound: true } | { unknown: string }> => {
    const r = await get(path);
    if ("unknown" in r) return { unknown: r.unknown };
    if (r.status === 404 && (r.body as Partial<StripeError> | null)?.error?.code === "resource_missing") return { notFound: true };
    return r.status === 200 ? { body: r.body as T } : { unknown: `http_${r.status}` };
  };

  /** A PaymentIntent's state as a charge outcome; its `next_action` read with the `returnUrl` it was confirmed with. */
  const outcome = (pi: StripeIntent, returnUrl: string | null): ChargeResult => {
    if (pi.status === "succeeded") return { kind: "authorized", ref: pi.id, captured: true, code: pi.status };
    if (pi.status === "requires_capture") return { kind: "authorized", ref: pi.id, captured: false, code: pi.status };
    if (pi.status === "requires_action") return { kind: "requires_action", ref: pi.id, code: pi.status, next: stripeNextAction(pi.next_action, returnUrl) };
    if (pi.status === "processing") return { kind: "unknown", code: "processing", pending: true };
    const code = pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? pi.status;
    return { kind: "declined", ref: pi.id, code, soft: SOFT.has(code) };
  };

  return {
    name: "stripe",
    async charge(req: ChargeRequest): Promise<ChargeResult> {
      const amount = toStripeAmount(req.amount, req.currency);
      if (amount === null) return UNREPRESENTABLE_CHARGE;
      const type = TYPES[req.method] ?? "card";
      const r = await post(
        "/v1/payment_intents",
        {
          amount,
          currency: req.currency.toLowerCase(),
          "payment_method_types[]": type,
          "payment_method_data[type]": type,
          confirm: "true",
          capture_method: req.capture,
          "metadata[intent_id]": req.reference,
          // Searchable: a charge whose answer was a saved 500 is found by it (see `lookup`).
          "metadata[attempt_key]": req.key,
          // Only for a redirect (Stripe refuses a redirect method without it; a card's 3-D Secure then redirects too).
          ...(req.returnUrl ? { return_url: req.returnUrl } : {}),
        },
        req.key,
      );
      if ("unknown" in r) return { kind: "unknown", code: r.unknown };
      if (r.status >= 200 && r.status < 300) return outcome(r.body as StripeIntent, req.returnUrl);
      const e = (r.body as Partial<StripeError> | null)?.error ?? { type: "api_error" };
      const code = e.decline_code ?? e.code ?? e.type;
      // The key in use by a request in flight (409), or used before with other parameters: that request may have charged.
      if (r.status === 409 || e.type === "idempotency_error") return { kind: "unknown", code: r.status === 409 ? "idempotency_key_in_use" : code };
      // Stripe's own error on its side, at a 4xx: it may have acted (a 5xx and 429 are read below).
      if (e.type === "api_error" && r.status >= 400 && r.status < 500 && r.status !== 429) return { kind: "unknown", code };
      // Only a `card_error` is a decision on the payment (the issuer's, or Stripe's on this card); an
      // `invalid_request_error` (an invalid API key, a method not activated…) or a 401/403 decides nothing.
      const refused = refusedOrUnknown(r.status, e.type === "card_error", code);
      if (refused) return refused;
      // Stripe's own error on its side, whatever the status: it may have acted.
      if (e.type === "api_error") return { kind: "unknown", code };
      return { kind: "declined", ref: e.payment_intent?.id ?? null, code, soft: SOFT.has(code) };
    },
    capture: (ref, amount, currency, key) => withValue("Stripe", toStripeAmount(amount, currency), (value) => mod(`/v1/payment_intents/${encodeURIComponent(ref)}/capture`, { amount_to_capture: value }, key)),
    cancel: (ref, key) => mod(`/v1/payment_intents/${encodeURIComponent(ref)}/cancel`, {}, key),
    // The key rides in metadata too: a refund event finds our refund by it (its answer may never have come).
    refund: (ref, amount, currency, key) => withValue("Stripe", toStripeAmount(amount, currency), (value) => mod("/v1/refunds", { payment_intent: ref, amount: value, "metadata[refund_key]": key }, key, (body) => refundResult(body as StripeRefund))),
    // Search is eventually consistent (about a minute): only reconciliation, minutes later, reads it, and
    // finding nothing is no answer, never a decline.
    async lookup(req) {
      const r = await read<{ data?: StripeIntent[] }>(`/v1/payment_intents/search?query=${encodeURIComponent(`metadata['attempt_key']:'${req.key}'`)}`);
      if ("missing" in r) return { kind: "unknown", code: r.missing };
      const found = r.body.data?.[0];
      return found ? outcome(found, req.returnUrl) : { kind: "unknown", code: "not_found_yet" };
    },
    // By id, not search: read at once as it stands (search lags about a minute), whoever made it.
    async readPayment(ref) {
      const r = await readById<ShownIntent>(`/v1/payment_intents/${encodeURIComponent(ref)}`);
      if (!("body" in r)) return r;
      const pi = r.body;
      const currency = pi.currency.toUpperCase();
      const iso = (value: number) => fromStripeAmount(value, currency);
      return { shown: { ref: pi.id, result: outcome(pi, null), amount: iso(pi.amount), captured: iso(pi.amount_received ?? 0), currency, intentId: pi.metadata?.intent_id ?? null } };
    },
    // Retrieve a refund (GET /v1/refunds/{id}): as it stands, whoever made it (our refunds carry their key in metadata).
    async readRefund(ref) {
      const r = await readById<ShownRefund>(`/v1/refunds/${encodeURIComponent(ref)}`);
      if (!("body" in r)) return r;
      const re = r.body;
      const currency = re.currency.toUpperCase();
      return { shown: { ref: re.id, paymentRef: re.payment_intent ?? null, amount: fromStripeAmount(re.amount, currency), currency, status: re.status, key: re.metadata?.refund_key ?? null } };
    },
    async lookupModification(ref, action) {
      const r = await read<StripeIntent>(`/v1/payment_intents/${encodeURIComponent(ref)}`);
      if ("missing" in r) return { ok: false, code: r.missing, message: "Stripe did not show the PaymentIntent", failure: "unknown" };
      const { status } = r.body;
      const done = action === "capture" ? "succeeded" : "canceled";
      if (status === done) return { ok: true, ref, settled: true };
      // Still capturable (or already past it the other way): this capture or cancel did not happen.
      if (status === "requires_capture" || status === "succeeded" || status === "canceled") return { ok: false, code: status, message: `the PaymentIntent is ${status}`, failure: "refused" };
      return { ok: false, code: status, message: `the PaymentIntent is ${status}`, failure: "unknown" };
    },
    // The charge's refunds, newest first, a page of 100 at a time (`starting_after` the last one seen), at most
    // REFUND_PAGES pages. Whatever stops the read before the list ends (a page not shown, the bound, no call left
    // to the caller) is unknown: only the whole list read without the key would say it is not there yet.
    async lookupRefund(ref, key, mayPage) {
      let after: string | null = null;
      for (let page = 1; page <= REFUND_PAGES; page++) {
        if (page > 1 && !mayPage()) return notRead("read_stopped", `stopped after ${page - 1} pages of the charge's refunds (no call left for more)`);
        const r: { body: StripeRefundList } | { missing: string } = await read<StripeRefundList>(`/v1/refunds?payment_intent=${encodeURIComponent(ref)}&limit=100${after ? `&starting_after=${encodeURIComponent(after)}` : ""}`);
        if ("missing" in r) return notRead(r.missing, "Stripe did not list the charge's refunds");
        const data: NonNullable<StripeRefundList["data"]> = r.body.data ?? [];
        const refund = data.find((x) => x.metadata?.refund_key === key);
        if (refund) return refundResult(refund);
        if (!r.body.has_more || data.length === 0) return notRead("not_found_yet", "Stripe shows no refund for this key yet");
        after = data[data.length - 1]!.id;
      }
      return notRead("refund_list_too_long", `Stripe lists more than ${REFUND_PAGES * 100} refunds on the charge and none of the newest ${REFUND_PAGES * 100} has this key; not read further`);
    },
  };
}
