// What a provider may hand a buyer through the payments API (a URL to go to, a form to post, a QR code), checked
// where the payments service reads a provider's answer and again where a storefront acts on the API's: one set of
// checks and bounds, so neither side can drift from the other.

/** Bounds on what a provider may hand a buyer through us: past them the action is not shown (a provider's fields are far shorter). */
export const ACTION_LIMITS = {
  /** Characters of a URL (Stripe's strings are at most 5,000; Adyen's redirect URLs a few hundred). */
  url: 8192,
  /** Characters of QR contents (Stripe's `data` is at most 5,000; a QR code holds at most 4,296 characters). */
  qrData: 5000,
  /** Fields of a POST redirect's form (Adyen's 3-D Secure 1 form has 3: PaReq, MD, TermUrl). */
  formFields: 32,
  /** Characters of a form field's name, and of its value. */
  formName: 256,
  formValue: 8192,
  /** Bytes of the whole action as stored and shown. */
  bytes: 32 * 1024,
  /**
   * Characters of the `redirectResult` a buyer brings back (Adyen's opaque token in the return URL's query, well
   * under a URL's practical limit of 8 KiB at most servers): a longer one is no return of ours.
   */
  redirectResult: 8192,
} as const;

/**
 * A URL a provider gives us to send a buyer to, as it may be shown: absolute `https:` with a host and no
 * credentials, within the bound; its normalised form (`URL.href`), or null for anything else (`http:`,
 * `javascript:`, `data:`, relative, not a string).
 */
export function buyerUrl(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > ACTION_LIMITS.url) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || !url.hostname || url.username || url.password) return null;
  return url.href.length > ACTION_LIMITS.url ? null : url.href;
}

/** A POST redirect's form fields: string values only, within the bounds; null for anything else. */
export function formFields(raw: unknown): Record<string, string> | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const entries = Object.entries(raw);
  if (entries.length > ACTION_LIMITS.formFields) return null;
  for (const [name, value] of entries) {
    if (name.length === 0 || name.length > ACTION_LIMITS.formName || typeof value !== "string" || value.length > ACTION_LIMITS.formValue) return null;
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** QR contents as they may be shown: a non-empty string within the bound, or null. */
export const qrData = (raw: unknown): string | null => (typeof raw === "string" && raw.length > 0 && raw.length <= ACTION_LIMITS.qrData ? raw : null);

/**
 * An instant a provider gives as Unix seconds (Stripe) or a date-time string (Adyen), as RFC 3339 UTC; undefined
 * when it is neither, or out of range: an expiry is a help to the page, and its absence never hides the code.
 */
export function instant(raw: unknown): string | undefined {
  const ms = typeof raw === "number" && Number.isInteger(raw) ? raw * 1000 : typeof raw === "string" && raw.length <= 40 ? Date.parse(raw) : NaN;
  const year = new Date(ms).getUTCFullYear();
  return Number.isFinite(ms) && year >= 2000 && year < 10000 ? new Date(ms).toISOString() : undefined;
}
