import type { ProviderScenario } from "./scenario";
import { once, randomRef, type Answer, type Charge, type Ledger, type SimModification } from "./ledger";
import { pixCode } from "./pix";

/**
 * Adyen Checkout API v71's wire format: JSON with `X-API-Key` and
 * `Idempotency-Key`; `/payments` answers a `resultCode` (Authorised, Refused
 * with `refusalReason`/`refusalReasonCode`, RedirectShopper with an `action`);
 * modifications answer 201 `status: "received"` and are decided later, their
 * outcome told in a notification (adyen-notifications.ts); errors are
 * `{ status, errorCode, message, errorType }`.
 */
const error = (status: number, errorCode: string, message: string, errorType = "validation"): Answer => ({ status, body: { status, errorCode, message, errorType } });

/** The longest `Idempotency-Key` Adyen accepts (docs.adyen.com, API idempotency). */
export const MAX_KEY_LENGTH = 64;

/** A 500 after the work was done (see `stripeServerError`). */
export const adyenServerError = error(500, "000", "An unknown error occurred", "internal");

interface PaymentBody {
  merchantAccount?: string;
  reference?: string;
  amount?: { value?: number; currency?: string };
  paymentMethod?: { type?: string };
  additionalData?: { manualCapture?: string };
  returnUrl?: string;
  /** `/payments/details`: what the shopper brought back. */
  details?: { redirectResult?: string };
}

/** How long a Pix code stays payable at Adyen unless the request says otherwise (a day). */
const PIX_EXPIRES_AFTER_MS = 86_400_000;

/**
 * Adyen's answer when the shopper must act (Checkout API v71): a Pix payment is `Pending` with a `qrCode` action and the
 * code's expiry in `additionalData` (docs.adyen.com/payment-methods/pix); the rest are `RedirectShopper` with a GET
 * `redirect` action to Adyen's page, which sends the shopper back to the `returnUrl` the request carried (Adyen does
 * not echo it). A card's 3-D Secure (`three_ds` mode) is a GET redirect to the issuer's challenge through Adyen's
 * threeDS page; the shopper comes back with a `redirectResult` (buyer.ts) that /payments/details turns into the result.
 */
function shopperAction(c: Charge, type: string | undefined) {
  if (type === "pix") {
    return {
      resultCode: "Pending",
      action: { paymentMethodType: "pix", type: "qrCode", qrCodeData: pixCode(`pix.adyen.sim/qr/v2/${c.ref}`, c.amount), paymentData: `Ab02b4c0!${c.ref}` },
      additionalData: { "pix.expirationDate": new Date(Date.now() + PIX_EXPIRES_AFTER_MS).toISOString() },
    };
  }
  if (c.threeDs) return { resultCode: "RedirectShopper", action: { type: "redirect", method: "GET", url: `https://checkoutshopper-test.adyen.sim/threeDS/redirect/${c.ref}`, paymentMethodType: "scheme" } };
  return { resultCode: "RedirectShopper", action: { type: "redirect", method: "GET", url: `https://checkoutshopper-test.adyen.sim/redirect/${c.ref}`, paymentMethodType: type } };
}

/** Adyen's card payments: `paymentMethod.type` "scheme" (the connector's default too). */
const isCard = (type: string | undefined) => type === undefined || type === "scheme";

/**
 * `/payments/details` `{ details: { redirectResult } }`: the result of the payment the shopper came back from. A 3-D
 * Secure the shopper passed is Authorised (captured unless manual), one they failed is Refused (11, "3D Not
 * Authenticated"), or `Received` in the `detailsReceived` scenario; a payment already decided answers its result
 * again, so it is never decided twice. A
 * `redirectResult` of no payment is refused (a validation error: it decides nothing).
 */
async function details(ledger: Ledger, sc: ProviderScenario, body: PaymentBody): Promise<Answer> {
  const result = body.details?.redirectResult;
  const c = typeof result === "string" && result !== "" ? [...ledger.allCharges()].find((x) => x.provider === "adyen" && x.redirectResult === result) : undefined;
  if (!c) return error(422, "14_0", "Invalid redirectResult");
  // Authorisation still under way (`detailsReceived`): nothing decided yet.
  if (sc.detailsReceived && c.status === "requires_action") return { status: 200, body: { pspReference: c.ref, merchantReference: c.reference, resultCode: "Received" } };
  if (c.status === "requires_action" && c.threeDs === "authenticated") {
    Object.assign(c, c.manual ? { status: "requires_capture" } : { status: "succeeded", captured: c.amount });
    await ledger.save(c);
  } else if (c.status === "requires_action" && c.threeDs === "failed") {
    c.status = "failed";
    await ledger.save(c);
  }
  const base = { pspReference: c.ref, merchantReference: c.reference };
  if (c.status === "succeeded" || c.status === "requires_capture") return { status: 200, body: { ...base, resultCode: "Authorised", amount: { value: c.amount, currency: c.currency } } };
  if (c.status === "failed") return { status: 200, body: { ...base, resultCode: "Refused", refusalReason: "3D Not Authenticated", refusalReasonCode: "11" } };
  if (c.status === "canceled") return { status: 200, body: { ...base, resultCode: "Cancelled" } };
  // Still awaiting the shopper: no result yet.
  return { status: 200, body: { ...base, resultCode: "Pending" } };
}

/** One Adyen Checkout call against the ledger; null when the path is not Adyen's. */
export async function adyen(ledger: Ledger, sc: ProviderScenario, req: Request, path: string): Promise<Answer | null> {
  if (!path.startsWith("/v71/")) return null;
  if (!req.headers.get("x-api-key")) return error(401, "000", "HTTP Status Response - Unauthorized", "security");
  if (sc.mode === "outage") return error(503, "000", "Service Unavailable", "internal");
  if (req.method !== "POST") return error(405, "000", "Method not allowed");
  const raw = await req.text();
  let body: PaymentBody;
  try {
    body = JSON.parse(raw);
  } catch {
    return error(400, "702", "Structure of request is invalid");
  }
  const key = req.headers.get("idempotency-key");
  // Adyen takes keys of at most 64 characters: a longer one is refused, never deduplicated.
  if (key && key.length > MAX_KEY_LENGTH) return error(422, "702", `Idempotency-Key is longer than ${MAX_KEY_LENGTH} characters`);
  const conflict = error(422, "704", "request already processed or in progress");
  const fp = `${path}\n${raw}`;

  if (path === "/v71/payments/details") return once(ledger, "adyen", key, fp, conflict, () => details(ledger, sc, body));

  if (path === "/v71/payments") {
    return once(ledger, "adyen", key, fp, conflict, async () => {
      const value = body.amount?.value;
      if (!Number.isInteger(value) || value! < 1) return error(422, "137", "Invalid amount specified");
      const c: Charge = {
        ...(body.additionalData?.manualCapture === "true" ? { manual: true } : {}),
        ...(body.merchantAccount ? { merchantAccount: body.merchantAccount } : {}),
        provider: "adyen", ref: randomRef("", 16), reference: body.reference ?? "", amount: value!,
        currency: body.amount?.currency ?? "", status: "succeeded", captured: 0, refunded: 0, idempotencyKey: key ?? "",
        ...(body.paymentMethod?.type ? { method: body.paymentMethod.type } : {}), ...(body.returnUrl ? { returnUrl: body.returnUrl } : {}),
      };
      const base = { pspReference: c.ref, merchantReference: c.reference };
      if (sc.mode === "soft_decline" || sc.mode === "hard_decline") {
        c.status = "failed";
        await ledger.save(c);
        const [code, reason] = sc.mode === "soft_decline" ? ["9", "Issuer Unavailable"] : ["12", "Not enough balance"];
        return { status: 200, body: { ...base, resultCode: "Refused", refusalReason: reason, refusalReasonCode: code } };
      }
      const threeDs = sc.mode === "three_ds" && isCard(body.paymentMethod?.type);
      if (sc.mode === "requires_action" || threeDs) {
        c.status = "requires_action";
        if (threeDs) c.threeDs = "challenge";
        await ledger.save(c);
        // Adyen's redirect answers often carry no pspReference: it comes with /payments/details or the notification.
        const shown = sc.omitPspReference ? { merchantReference: c.reference } : base;
        return { status: 200, body: { ...shown, ...shopperAction(c, body.paymentMethod?.type) } };
      }
      const manual = body.additionalData?.manualCapture === "true";
      c.status = manual ? "requires_capture" : "succeeded";
      c.captured = manual ? 0 : c.amount;
      await ledger.save(c);
      return { status: 200, body: { ...base, resultCode: "Authorised", amount: { value: c.amount, currency: c.currency } } };
    });
  }

  const m = /^\/v71\/payments\/([^/]+)\/(captures|cancels|refunds)$/.exec(path);
  if (!m) return error(404, "000", "Not found");
  return once(ledger, "adyen", key, fp, conflict, async () => {
    const c = ledger.charge(m[1]!);
    if (!c || c.provider !== "adyen") return error(422, "167", "Original pspReference required for this operation");
    const kind = m[2] as SimModification["kind"];
    const value = body.amount?.value ?? c.amount;
    // The request is checked now; whether the payment allows it is decided later and told in the notification.
    if (kind !== "cancels" && !(Number.isInteger(value) && value >= 1)) return error(422, "137", "Invalid amount specified");
    const mod: SimModification = { psp: randomRef("", 16), kind, paymentPsp: c.ref, reference: body.reference ?? "", merchantAccount: body.merchantAccount ?? "", value, currency: c.currency, status: "received" };
    await ledger.saveModification(mod);
    return { status: 201, body: { merchantAccount: body.merchantAccount, paymentPspReference: c.ref, pspReference: mod.psp, reference: body.reference, status: "received", ...(body.amount ? { amount: body.amount } : {}) } };
  });
}
