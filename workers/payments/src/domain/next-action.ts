import { METHODS, type MethodSpec } from "./methods-data";

/**
 * What the buyer must do before a charge can go on, in one shape whichever provider asked (Stripe's PaymentIntent
 * `next_action` is the model): go to a URL (their bank's, wallet's or lender's page, or 3-D Secure), which sends them
 * back to `returnUrl`; or scan a QR code with their banking app. Shown on the intent while it is `requires_action`.
 */
export type NextAction =
  | {
      type: "redirect_to_url";
      url: string;
      /** A POST is a form the buyer's browser submits to `url` with `data` as its fields (Adyen's 3-D Secure 1, some banks). */
      method: "GET" | "POST";
      data?: Record<string, string>;
      /** Where the provider sends the buyer back to: the confirm's `returnUrl`; null when it had none. */
      returnUrl: string | null;
    }
  | {
      type: "display_qr_code";
      /** The QR code's contents, for the page to render (a Pix "copia e cola" code, an EMVCo PromptPay or PayNow string…). */
      data: string;
      /** The provider's rendering of it, when it gave one. */
      imageUrl?: string;
      /** When the code stops being payable (RFC 3339 UTC), when the provider said. */
      expiresAt?: string;
    };

/**
 * A provider's answer read: the action to show, or why there is none (an action this API has no shape for, or one
 * that fails the checks below). The intent is `requires_action` either way: the provider asked the buyer for a step.
 */
export type ReadAction = { action: NextAction } | { unshown: string };

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

/** The longest `returnUrl` a confirm takes (Adyen's limit is 8,000; browsers and proxies deal well with 2,048). */
export const RETURN_URL_MAX = 2048;

/** Hosts a `returnUrl` may name over plain `http:`: the developer's own machine, where no network carries it. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why a client's `returnUrl` is refused, or null when it is fit: an absolute `https:` URL of printable ASCII (a
 * Unicode host in its punycode form), no credentials, at most RETURN_URL_MAX characters. The provider appends the
 * payment's result to it (Stripe its `payment_intent` and client secret), so plain `http:` is taken only for
 * localhost, 127.0.0.1 and [::1], for a storefront run locally.
 */
export function returnUrlError(raw: string): string | null {
  if (raw.length > RETURN_URL_MAX) return `must be at most ${RETURN_URL_MAX} characters`;
  if (!/^[\x21-\x7e]+$/.test(raw)) return "must be printable ASCII with no spaces (percent-encode the rest, punycode a Unicode host)";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not carry credentials";
  if (url.protocol === "https:" && url.hostname) return null;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return null;
  return "must be an https URL (http only for localhost, 127.0.0.1 or [::1])";
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

/** The action, unless its whole stored form is past the bound. */
export function shown(action: NextAction): ReadAction {
  const bytes = new TextEncoder().encode(JSON.stringify(action)).byteLength;
  return bytes > ACTION_LIMITS.bytes ? { unshown: `the action is ${bytes} bytes, more than ${ACTION_LIMITS.bytes}` } : { action };
}

/** A provider's name for an action, as our notes quote it: word characters only, cut short (it is the provider's text). */
export const actionName = (raw: unknown) => (typeof raw === "string" ? raw.replace(/[^\w.-]/g, "?").slice(0, 48) : `(${raw === null ? "null" : typeof raw})`);

/**
 * Whether a method sends the buyer away to their bank's, wallet's or lender's page (`MethodSpec.redirects`): a confirm
 * of it needs a `returnUrl`, or the buyer could never come back.
 */
export const redirectsBuyer = (method: string): boolean => (METHODS as Record<string, MethodSpec>)[method]?.redirects === true;
