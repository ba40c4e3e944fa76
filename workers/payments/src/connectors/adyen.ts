import { toAdyenValue } from "../domain/adyen-units";
import { adyenAction } from "./adyen-action";
import { modFailure, refusedOrUnknown, UNREPRESENTABLE_CHARGE, withValue, call, type ChargeRequest, type ChargeResult, type Connector, type DetailsRequest, type ModResult, type Transport } from "./types";

/**
 * Adyen Checkout API v71 (JSON, `X-API-Key`, `Idempotency-Key`): `POST
 * /payments` answers a `resultCode`; captures, refunds and cancels are
 * modifications on the payment's `pspReference`. Adyen has no "get payment"
 * call: after a timeout the same request with the same key returns the first
 * answer (keys kept at least 7 days). Amounts go in Adyen's minor units (see `toAdyenValue`). A
 * modification is only received when answered: its outcome comes in a notification (routes/webhooks.ts).
 */

/** Our method ids as Adyen's `paymentMethod.type`. */
const TYPES: Record<string, string> = {
  card_visa: "scheme", card_mastercard: "scheme", card_amex: "scheme", card_jcb: "scheme", card_unionpay: "scheme", card_cb: "scheme",
  mada: "scheme", knet: "knet", benefit: "benefit", apple_pay: "applepay", google_pay: "googlepay", paypal: "paypal", alipay: "alipay",
  wechat_pay: "wechatpayQR", paypay: "paypay", gcash: "gcash", grabpay: "grabpay_SG", kakaopay: "kakaopay", twint: "twint",
  swish: "swish", gopay: "gopay_wallet", ideal: "ideal", bancontact: "bcmc_mobile", eps: "eps", blik: "blik", sepa_debit: "sepadirectdebit",
  pix: "pix", boleto: "boletobancario", oxxo: "oxxo", upi: "upi_collect", promptpay: "promptpay", paynow: "paynow",
  fpx: "molpay_ebanking_fpx_MY", konbini: "econtext_stores", klarna: "klarna", afterpay: "afterpaytouch", tabby: "tabby",
};

/**
 * `refusalReasonCode`s worth another acquirer: 4 Acquirer Error, 9 Issuer
 * Unavailable, 10 Not supported, 21 Not Submitted, 23 Transaction Not
 * Permitted (by this acquirer). Others (2 Refused, 5 Blocked Card, 12 Not
 * enough balance, 20 FRAUD, 24 CVC Declined…) are the issuer's word: stop.
 */
const SOFT = new Set(["4", "9", "10", "21", "23"]);

/** Adyen's error body (`{ status, errorCode, message, errorType }`). */
interface AdyenError {
  errorCode?: string;
  errorType?: string;
  message?: string;
}

interface AdyenPayment {
  pspReference?: string;
  merchantReference?: string;
  amount?: { value?: number; currency?: string };
  resultCode?: string;
  refusalReason?: string;
  refusalReasonCode?: string;
  /** What the shopper must do, with a RedirectShopper, PresentToShopper… (read by `adyenAction`). */
  action?: unknown;
}

export function adyenConnector(t: Transport): Connector {
  const post = (path: string, body: unknown, key: string) =>
    call(t, path, {
      method: "POST",
      headers: { "x-api-key": t.secret, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    });
  const merchantAccount = t.merchantAccount ?? "";

  const mod = async (ref: string, kind: "captures" | "cancels" | "refunds", body: Record<string, unknown>, key: string): Promise<ModResult> => {
    const r = await post(`/v71/payments/${encodeURIComponent(ref)}/${kind}`, { merchantAccount, reference: key, ...body }, key);
    if ("unknown" in r) return { ok: false, code: r.unknown, message: "no answer from Adyen in time", failure: "unknown" };
    // 201 `status: "received"`: only received; the CAPTURE, CANCELLATION or REFUND notification says whether it happened.
    if (r.status === 201 || r.status === 200) return { ok: true, ref: (r.body as { pspReference: string }).pspReference, settled: false };
    const e = r.body as { errorCode?: string; message?: string };
    // A request under this key in flight or already made (704): it may have acted.
    if (r.status === 409 || (r.status === 422 && e?.errorCode === "704")) return { ok: false, code: "idempotency_in_progress", message: e?.message ?? "Adyen has a request under this key", failure: "unknown" };
    return { ok: false, code: e?.errorCode ?? `http_${r.status}`, message: e?.message ?? "Adyen refused the modification", failure: modFailure(r) };
  };

  return {
    name: "adyen",
    async charge(req: ChargeRequest): Promise<ChargeResult> {
      const value = toAdyenValue(req.amount, req.currency);
      if (value === null) return UNREPRESENTABLE_CHARGE;
      const r = await post(
        "/v71/payments",
        {
          merchantAccount,
          reference: req.reference,
          amount: { value, currency: req.currency },
          paymentMethod: { type: TYPES[req.method] ?? "scheme" },
          // Adyen redirects the shopper back here (it refuses a redirect method without it: 14_030).
          ...(req.returnUrl ? { returnUrl: req.returnUrl } : {}),
          ...(req.capture === "manual" ? { additionalData: { manualCapture: "true" } } : {}),
        },
        req.key,
      );
      return paymentAnswer(r, req.capture, req.returnUrl);
    },
    // The shopper's return from a redirect (3-D Secure, a bank's page): its `redirectResult` for the payment's result,
    // under its own key (a re-ask replays the answer, as /payments does).
    async details(req: DetailsRequest): Promise<ChargeResult> {
      const r = await post("/v71/payments/details", { details: { redirectResult: req.redirectResult } }, req.key);
      const other = "unknown" in r ? null : anotherPayment(r.body as AdyenPayment, req);
      if (other) return { kind: "outage", answered: true, code: other };
      return paymentAnswer(r, req.capture, req.returnUrl);
    },
    capture: (ref, amount, currency, key) => withValue("Adyen", toAdyenValue(amount, currency), (value) => mod(ref, "captures", { amount: { value, currency } }, key)),
    cancel: (ref, key) => mod(ref, "cancels", {}, key),
    refund: (ref, amount, currency, key) => withValue("Adyen", toAdyenValue(amount, currency), (value) => mod(ref, "refunds", { amount: { value, currency } }, key)),
  };
}

/**
 * Why a /payments/details answer with a result is not about the payment asked for, or null when it is: its
 * `merchantReference` must be the intent's (Adyen sends it with every result) and an amount it names the intent's.
 */
function anotherPayment(p: AdyenPayment | undefined, req: DetailsRequest): string | null {
  if (typeof p?.resultCode !== "string") return null;
  if (p.merchantReference !== req.reference) return `another payment's result (merchantReference ${String(p.merchantReference ?? "none")})`;
  const value = toAdyenValue(req.amount, req.currency);
  if (p.amount && (p.amount.currency !== req.currency || p.amount.value !== value)) return `another amount (${p.amount.value} ${p.amount.currency})`;
  return null;
}

/**
 * A /payments or /payments/details answer in our terms: both carry the same `resultCode` (Authorised, Refused,
 * RedirectShopper…, Pending/Received), `pspReference` and `action`.
 */
function paymentAnswer(r: Awaited<ReturnType<typeof call>>, capture: ChargeRequest["capture"], returnUrl: string | null): ChargeResult {
  if ("unknown" in r) return { kind: "unknown", code: r.unknown };
  const p = (r.body ?? {}) as AdyenPayment & AdyenError;
  // A request under this key in flight or already made (704): it may have charged.
  if (r.status === 409 || (r.status === 422 && p.errorCode === "704")) return { kind: "unknown", code: "idempotency_in_progress" };
  // Without a `resultCode` (401 security, 403, a 422 validation error…) Adyen decided nothing about the payment.
  const refused = refusedOrUnknown(r.status, typeof p.resultCode === "string", p.errorType && p.errorCode ? `${p.errorType} ${p.errorCode}` : p.errorType);
  if (refused) return refused;
  const ref = p.pspReference ?? null;
  switch (p.resultCode) {
    case "Authorised":
      return { kind: "authorized", ref: ref!, captured: capture === "automatic", code: "Authorised" };
    case "RedirectShopper":
    case "IdentifyShopper":
    case "ChallengeShopper":
    case "PresentToShopper":
      return { kind: "requires_action", ref, code: p.resultCode, next: adyenAction(p.action, returnUrl) };
    case "Refused": {
      const code = p.refusalReasonCode ?? "2";
      return { kind: "declined", ref, code: `${code} ${p.refusalReason ?? "Refused"}`, soft: SOFT.has(code) };
    }
    case "Error":
      return { kind: "declined", ref, code: `Error ${p.refusalReason ?? ""}`.trim(), soft: true };
    case "Pending":
    case "Received":
      // Pix and other QR methods answer Pending with the code the buyer scans: their step, not an unknown outcome.
      if (p.action !== undefined) return { kind: "requires_action", ref, code: p.resultCode, next: adyenAction(p.action, returnUrl) };
      return { kind: "unknown", code: p.resultCode, pending: true, ref };
    default:
      return { kind: "declined", ref, code: p.resultCode ?? `http_${r.status}`, soft: false };
  }
}
