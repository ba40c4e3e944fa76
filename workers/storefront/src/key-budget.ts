/** At most one report per isolate per minute: a storefront out of budget would otherwise log one per buyer call. */
const EVERY_MS = 60_000;
let lastReport = -Infinity;

/**
 * Tells the operator (Workers Logs) that the platform refused the storefront's own secret key with a 429. That key's
 * budget is its tenant's plan at the gateway, shared by every buyer: `standard` 300 calls / 10 s, `high` 100,000,
 * while one visitor may spend 30 calls / 10 s of it (BUYER_LIMIT), so a `standard` tenant serves about ten busy
 * visitors at once and then every buyer is told to try again. The storefront does not ask for its plan on its own
 * (a call on every isolate's first page); the log says how to: `GET /v1/me` with the secret key names it.
 */
export async function reportKeyRefused(res: Response, retryAfter: number, now = Date.now()): Promise<void> {
  if (now - lastReport < EVERY_MS) return;
  lastReport = now;
  const detail = await res
    .clone()
    .json()
    .then((p) => (p as { detail?: unknown }).detail)
    .catch(() => undefined);
  console.error(
    JSON.stringify({
      service: "storefront",
      event: "tenant_key_rate_limited",
      retryAfter,
      // The gateway's words: its key budget ("This key has used its request budget") or the visitor's address's.
      ...(typeof detail === "string" ? { detail: detail.slice(0, 200) } : {}),
      fix: "Buyers are being told to try again. If the detail names the key's budget, check the plan (GET /v1/me with STOREFRONT_SECRET_KEY says it): a standard tenant needs the high plan (a tenant's plan is set when it is created: POST /v1/admin/tenants {plan: \"high\"}, then new STOREFRONT_* keys).",
    }),
  );
}

/** Forgets the last report (tests). */
export function forgetKeyReports() {
  lastReport = -Infinity;
}
