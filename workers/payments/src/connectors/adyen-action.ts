import { buyerUrl, formFields, instant, qrData } from "../../../../shared/payments/buyer-action";
import { actionName, shown, type ReadAction } from "../domain/next-action";

/**
 * The `action` of an Adyen /payments answer (Checkout API v71: `RedirectShopper`, `PresentToShopper`…) in our shape:
 * - `redirect` `{ url, method: "GET" | "POST", data? }` (CheckoutRedirectAction: iDEAL, Bancontact, PayPal,
 *   3-D Secure 1…): the buyer's browser goes to `url`, posting `data` as a form when the method is POST;
 * - `qrCode` `{ qrCodeData, url?, expiresAt? }` (CheckoutQrCodeAction: Pix, PromptPay, PayNow, WeChat Pay QR,
 *   Bancontact mobile…): a QR code of `qrCodeData`.
 * The rest (`threeDS2` and `sdk`, which need Adyen's client SDK with its token; `await`, `voucher`, `bankTransfer`,
 * `document`, `nativeRedirect`) have no shape here. Adyen does not echo the return URL: `returnUrl` is the one we sent.
 */
export function adyenAction(action: unknown, returnUrl: string | null): ReadAction {
  if (typeof action !== "object" || action === null) return { unshown: "Adyen gave no action" };
  const a = action as Record<string, unknown>;

  if (a.type === "redirect") {
    const url = buyerUrl(a.url);
    if (!url) return { unshown: "Adyen's redirect has no https url" };
    const method = a.method === undefined ? "GET" : typeof a.method === "string" ? a.method.toUpperCase() : null;
    if (method !== "GET" && method !== "POST") return { unshown: `Adyen's redirect has method ${actionName(a.method)}` };
    if (a.data === undefined) return shown({ type: "redirect_to_url", url, method, returnUrl });
    const data = formFields(a.data);
    if (!data) return { unshown: "Adyen's redirect data is not a bounded map of strings" };
    return shown({ type: "redirect_to_url", url, method, ...(Object.keys(data).length > 0 ? { data } : {}), returnUrl });
  }
  if (a.type === "qrCode") {
    const data = qrData(a.qrCodeData);
    if (!data) return { unshown: "Adyen's qrCode has no qrCodeData within bounds" };
    const expiresAt = instant(a.expiresAt);
    return shown({ type: "display_qr_code", data, ...(expiresAt ? { expiresAt } : {}) });
  }
  return { unshown: `Adyen's action ${actionName(a.type)} has no shape in this API` };
}
