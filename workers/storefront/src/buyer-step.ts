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

/** The payments API's bounds on an action (workers/payments next-action.ts): anything larger was not sent by it. */
const LIMITS = { url: 8192, qrData: 5000, formFields: 32, formName: 256, formValue: 8192 } as const;

/** An absolute https URL with a host and no credentials, normalised; null for anything else (http:, javascript:, data:…). */
export function httpsUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > LIMITS.url) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === "https:" && url.hostname && !url.username && !url.password ? url.href : null;
}

/** A POST redirect's form fields, in order; null unless every one is a bounded string. */
function formFields(raw: unknown): [string, string][] | null {
  if (raw === undefined) return [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const entries = Object.entries(raw);
  if (entries.length > LIMITS.formFields) return null;
  const fit = ([name, value]: [string, unknown]) => name.length > 0 && name.length <= LIMITS.formName && typeof value === "string" && value.length <= LIMITS.formValue;
  return entries.every(fit) ? (entries as [string, string][]) : null;
}

/** An instant as ISO 8601, or undefined when it is not one (an expiry only helps the buyer; its absence hides nothing). */
function instant(raw: unknown): string | undefined {
  const ms = typeof raw === "string" && raw.length <= 40 ? Date.parse(raw) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

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
    const url = httpsUrl(action.url);
    if (!url) return null;
    if (action.method === "GET" || action.method === undefined) return { kind: "go", url };
    const fields = action.method === "POST" ? formFields(action.data) : null;
    return fields ? { kind: "post", url, fields } : null;
  }
  if (action.type === "display_qr_code") {
    const data = typeof action.data === "string" && action.data.length > 0 && action.data.length <= LIMITS.qrData ? action.data : null;
    if (!data) return null;
    const link = httpsUrl(data) ?? undefined;
    const imageUrl = httpsUrl(action.imageUrl) ?? undefined;
    const expiresAt = instant(action.expiresAt);
    return { kind: "qr", data, ...(link ? { link } : {}), ...(imageUrl ? { imageUrl } : {}), ...(expiresAt ? { expiresAt } : {}) };
  }
  return null;
}
