/**
 * What the simulator does with the next calls, per provider: answer normally,
 * be down, decline (soft: another acquirer may approve; hard: the issuer's
 * final word), ask for a buyer action, or record the charge and then answer
 * later than the caller waits ("timeout with unknown outcome"), or record it
 * and answer a 500 ("server_error": the provider acted, its answer says not).
 * An outage answers 503: the front door turned the call away before any work. `three_ds`: a card payment asks
 * for 3-D Secure by a redirect (Adyen's RedirectShopper, whose result is fetched with /payments/details once the
 * shopper is back; Stripe's `redirect_to_url`), any other method is answered as `ok`.
 */
export type Mode = "ok" | "outage" | "soft_decline" | "hard_decline" | "requires_action" | "three_ds" | "timeout" | "server_error";

export interface ProviderScenario {
  mode: Mode;
  /** Extra delay before every answer (ms). */
  latencyMs?: number;
  /** In `timeout` mode: how late the answer comes (ms, default 5000). */
  answerAfterMs?: number;
  /** Adyen, `requires_action` mode: a redirect answer without `pspReference` (Adyen then gives it only later). */
  omitPspReference?: boolean;
  /** Adyen, `three_ds` mode: /payments/details answers `Received` (authorisation still under way; its notification tells the result). */
  detailsReceived?: boolean;
}

export type Scenario = Record<"stripe" | "adyen", ProviderScenario>;

export const NORMAL: Scenario = { stripe: { mode: "ok" }, adyen: { mode: "ok" } };

const MODES: Mode[] = ["ok", "outage", "soft_decline", "hard_decline", "requires_action", "three_ds", "timeout", "server_error"];

/** Reads a scenario body; unknown providers or modes are refused with a reason. */
export function parseScenario(body: unknown): Scenario | string {
  if (typeof body !== "object" || body === null) return "body must be an object keyed by provider";
  const out: Scenario = structuredClone(NORMAL);
  for (const [name, value] of Object.entries(body)) {
    if (name !== "stripe" && name !== "adyen") return `unknown provider ${name}`;
    const v = value as Partial<ProviderScenario>;
    if (!v || !MODES.includes(v.mode as Mode)) return `${name}.mode must be one of ${MODES.join(", ")}`;
    for (const k of ["latencyMs", "answerAfterMs"] as const) {
      if (v[k] !== undefined && !(Number.isInteger(v[k]) && v[k]! >= 0 && v[k]! <= 60_000)) return `${name}.${k} must be 0..60000`;
    }
    for (const k of ["omitPspReference", "detailsReceived"] as const) {
      if (v[k] !== undefined && typeof v[k] !== "boolean") return `${name}.${k} must be a boolean`;
    }
    out[name] = { mode: v.mode as Mode, latencyMs: v.latencyMs, answerAfterMs: v.answerAfterMs, ...(v.omitPspReference ? { omitPspReference: true } : {}), ...(v.detailsReceived ? { detailsReceived: true } : {}) };
  }
  return out;
}
