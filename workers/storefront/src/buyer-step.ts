import { buyerUrl, formFields, instant, qrData } from "../../../shared/payments/buyer-action";

/**
 * What the buyer must do for a payment to go on, as the checkout acts on it, read from the intent's `nextAction`
 * (the payments API's `PaymentNextAction`): be sent to their bank's or wallet's page, by a plain redirect (`go`) or by
 * a form their browser posts there (`post`), or pay a QR code (`qr`). Read defensively, whatever the API sent: only
 * https URLs ever reach a page or a Location header, and what is past the API's own bounds is no step at all.
 */
export type BuyerStep =
  | { kind: "go"; url: string }
  | { kind: "post"; url: string; fields: [string, string][] }
  | {
      kind: "qr";
      /** The code's contents, to copy into a banking app (Pix "copia e cola") or render. */
      data: string;
      /** `data` itself when it is an https URL: a link that opens the payment on the buyer's phone. */
      link?: string;
      /** The provider's picture of the code (https only). */
      imageUrl?: string;
      /** When the code stops being payable (an ISO instant). */
      expiresAt?: string;
    };

/**
 * The step for an intent awaiting its buyer (`requires_action`), or null: any other status, no `nextAction` (the
 * provider asked for something this API has no shape for), or one that is not safe to act on.
 */
export function buyerStep(intent: { status: string; nextAction?: unknown }): BuyerStep | null {
  if (intent.status !== "requires_action") return null;
  const a = intent.nextAction;
  if (typeof a !== "object" || a === null) return null;
  const action = a as Record<string, unknown>;
  if (action.type === "redirect_to_url") {
    const url = buyerUrl(action.url);
    if (!url) return null;
    if (action.method === "GET" || action.method === undefined) return { kind: "go", url };
    // A POST with no `data` posts an empty form.
    const fields = action.method !== "POST" ? null : action.data === undefined ? {} : formFields(action.data);
    return fields ? { kind: "post", url, fields: Object.entries(fields) } : null;
  }
  if (action.type === "display_qr_code") {
    const data = qrData(action.data);
    if (!data) return null;
    const link = buyerUrl(data) ?? undefined;
    const imageUrl = buyerUrl(action.imageUrl) ?? undefined;
    // The API writes an ISO instant; a number is not one here.
    const expiresAt = typeof action.expiresAt === "string" ? instant(action.expiresAt) : undefined;
    return { kind: "qr", data, ...(link ? { link } : {}), ...(imageUrl ? { imageUrl } : {}), ...(expiresAt ? { expiresAt } : {}) };
  }
  return null;
}
