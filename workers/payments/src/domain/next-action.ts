import { ACTION_LIMITS } from "../../../../shared/payments/buyer-action";
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
