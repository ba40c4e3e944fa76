import type { NextAction } from "./next-action";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * How long a buyer has for a provider's action when the provider gave no expiry, by method: past it (and
 * `ACTION_GRACE_MS`) reconciliation asks the provider what became of the payment, and cancels one still waiting.
 * - Any redirect (a bank's, wallet's or lender's page; 3-D Secure), the default: 1 hour. Adyen's checkout sessions
 *   expire after 1 hour by default, and bank pages (iDEAL, Bancontact, eps, FPX) time the buyer out within 15-30
 *   minutes; a buyer who has not come back in an hour has left the checkout.
 * - Pix: 1 day, Stripe's default `expires_after_seconds` for its code (86,400) and Adyen's default expiry of it.
 * - Konbini: 4 days: Stripe's default `expires_after_days` is 3 (to 23:59 JST), and the store's payment is reported
 *   within hours; a day on top for that report.
 * - OXXO: 5 days: Stripe's default `expires_after_days` is 3, and OXXO confirms a payment by the next business day
 *   (a weekend between makes it two).
 * - Boleto: 7 days: Stripe's default `expires_after_days` is 3, and a boleto paid on its last day clears up to 2
 *   business days later (4 calendar days over a weekend).
 * - SPEI (Stripe's bank transfer to a customer balance): 7 days: the buyer pays by their own bank's transfer, which
 *   has no deadline at Stripe; a week is the checkout's patience, not the provider's.
 */
export const ACTION_WINDOW_MS: Readonly<Record<string, number>> = {
  pix: DAY,
  konbini: 4 * DAY,
  oxxo: 5 * DAY,
  boleto: 7 * DAY,
  spei: 7 * DAY,
};
export const DEFAULT_ACTION_WINDOW_MS = HOUR;

/**
 * How long past its window an action is left before reconciliation looks: 15 minutes. A buyer who pays in the last
 * minute is confirmed by the provider (its redirect back, its event) a few minutes later; the provider's clock may
 * differ from ours; and fifteen runs of the cron leave its event ample time to settle it first, with no call made.
 */
export const ACTION_GRACE_MS = 15 * MIN;

/**
 * The longest window taken from a provider's expiry: 30 days. The expiry is the provider's text; one years away
 * would keep the intent and the seller's order waiting as long.
 */
export const MAX_ACTION_WINDOW_MS = 30 * DAY;

/** The code an intent's `lastError` starts with when its buyer action expired unanswered and was cancelled. */
export const ACTION_EXPIRED = "action_expired";

/** An action's window, and when reconciliation first looks at it (UTC ISO). */
export interface ActionWindow {
  actionExpiresAt: string;
  actionDueAt: string;
  actionWaits: number;
}

/**
 * The window of the action a provider asked for at `nowMs`: the provider's expiry where it gave one (a QR code's
 * `expiresAt`), within `MAX_ACTION_WINDOW_MS`; else the method's (`ACTION_WINDOW_MS`). One already past (the
 * provider's clock ahead of ours) is still looked at only after the grace.
 */
export function actionWindow(method: string, action: NextAction | null | undefined, nowMs: number): ActionWindow {
  const given = action?.type === "display_qr_code" && action.expiresAt ? Date.parse(action.expiresAt) : NaN;
  const expiresMs = Number.isFinite(given) ? Math.min(given, nowMs + MAX_ACTION_WINDOW_MS) : nowMs + (ACTION_WINDOW_MS[method] ?? DEFAULT_ACTION_WINDOW_MS);
  return { actionExpiresAt: new Date(expiresMs).toISOString(), actionDueAt: new Date(expiresMs + ACTION_GRACE_MS).toISOString(), actionWaits: 0 };
}

/** Why an expired action's intent was cancelled, as its `lastError` says it: the code first. */
export const actionExpired = (provider: string, expiresAt: string | null, how: string) =>
  `${ACTION_EXPIRED}: the buyer did not complete ${provider}'s action by ${expiresAt ?? "its window's end"}; ${how}`;

/**
 * `set`, a move of an intent of `method` at `nowMs`, with its action's window when it moves into `requires_action`
 * (`actionWindow`): every such move carries one, so no action waits for ever.
 */
export function withActionWindow<T extends { status: string; nextAction?: NextAction | null }>(set: T, method: string, nowMs: number): T | (T & ActionWindow) {
  return set.status === "requires_action" ? { ...set, ...actionWindow(method, set.nextAction, nowMs) } : set;
}
