import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTION_GRACE_MS, ACTION_WINDOW_MS, DEFAULT_ACTION_WINDOW_MS, MAX_ACTION_WINDOW_MS, actionExpired, actionWindow, withActionWindow } from "./action-window";
import { METHODS } from "./methods-data";

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const ms = (iso: string) => Date.parse(iso) - NOW;

describe("a buyer action's window", () => {
  it("a redirect has the default hour; vouchers and Pix their days; the grace follows the window", () => {
    expect(ms(actionWindow("ideal", { type: "redirect_to_url", url: "https://bank.example/", method: "GET", returnUrl: null }, NOW).actionExpiresAt)).toBe(60 * 60_000);
    expect(ms(actionWindow("boleto", null, NOW).actionExpiresAt)).toBe(7 * 86_400_000);
    expect(ms(actionWindow("oxxo", null, NOW).actionExpiresAt)).toBe(5 * 86_400_000);
    expect(ms(actionWindow("konbini", null, NOW).actionExpiresAt)).toBe(4 * 86_400_000);
    expect(ms(actionWindow("pix", null, NOW).actionExpiresAt)).toBe(86_400_000);
    const w = actionWindow("klarna", null, NOW);
    expect(Date.parse(w.actionDueAt) - Date.parse(w.actionExpiresAt)).toBe(ACTION_GRACE_MS);
  });

  it("every method's window is known and positive, vouchers at least their provider's payable days", () => {
    for (const id of Object.keys(METHODS)) expect(ms(actionWindow(id, null, NOW).actionExpiresAt)).toBeGreaterThanOrEqual(DEFAULT_ACTION_WINDOW_MS);
    for (const id of Object.keys(ACTION_WINDOW_MS)) expect(id in METHODS).toBe(true);
  });

  it("a QR code's own expiry wins, bounded by MAX_ACTION_WINDOW_MS; one already past is still looked at only after the grace", () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400_000, max: 400 * 86_400_000 }), (offset) => {
        const expiresAt = new Date(NOW + offset).toISOString();
        const w = actionWindow("promptpay", { type: "display_qr_code", data: "000201", expiresAt }, NOW);
        expect(ms(w.actionExpiresAt)).toBe(Math.min(offset, MAX_ACTION_WINDOW_MS));
        expect(Date.parse(w.actionDueAt) - Date.parse(w.actionExpiresAt)).toBe(ACTION_GRACE_MS);
      }),
    );
  });

  it("only a move into requires_action carries a window; the reason starts with its code", () => {
    expect(withActionWindow({ status: "succeeded" }, "ideal", NOW)).toEqual({ status: "succeeded" });
    expect(withActionWindow({ status: "requires_action" }, "ideal", NOW)).toMatchObject({ actionWaits: 0, actionExpiresAt: new Date(NOW + 3_600_000).toISOString() });
    expect(actionExpired("stripe", null, "cancelled")).toMatch(/^action_expired: /);
  });
});
