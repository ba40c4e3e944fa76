// Payments under load: the methods lookup a checkout page makes (publishable key), intent creation with a
// unique Idempotency-Key per request, and confirm with the first provider of the chain in outage (each
// confirm falls back to the second). Errors count non-2xx, socket errors and timeouts.
import { load } from "../load.mjs";
import { devFetch } from "../../scripts/lib/dev-fetch.mjs";
import { summarize } from "../report.mjs";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const ADMIN = "admin_test_demo";
const INTENT = JSON.stringify({ amount: 2500, currency: "EUR", country: "NL", method: "ideal" });
// iDEAL sends the buyer to their bank: a confirm names where the bank sends them back (without it, a 400 return_url_required).
const CONFIRM = JSON.stringify({ returnUrl: "https://shop.example/checkout/done" });

const once = (base, seconds, request) => load({ url: base, duration: seconds, requests: [request] });

/** Creates intents ahead of the run, so the measured requests are confirms only. */
async function preparedIntents(base, headers, n) {
  const ids = [];
  for (let i = 0; i < n; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: 20 }, () =>
        devFetch(`${base}/v1/payments/intents`, { method: "POST", headers: { ...headers, "idempotency-key": crypto.randomUUID() }, body: INTENT }).then((r) => r.json()),
      ),
    );
    ids.push(...batch.map((b) => b.id));
  }
  return ids;
}

export default async function paymentsScenarios({ base, keys }) {
  const pk = { authorization: `Bearer ${keys.publishable}`, "x-country": "NL" };
  const sk = { authorization: `Bearer ${keys.secret}`, "content-type": "application/json" };
  const admin = (path, init) => fetch(`${base}/v1/admin/payments/simulator${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" } });
  return [
    { name: "payments: methods lookup (pk, NL, EUR)", path: "/v1/payments/methods?currency=EUR&amount=2500", headers: pk },
    {
      name: "payments: create intent (unique Idempotency-Key)",
      // D1 writes behind one hop: the D1 ceiling caps it (its × base is the goal the team tracks).
      bound: "d1",
      run: async ({ seconds = DURATION, warm = true } = {}) => {
        const request = { method: "POST", path: "/v1/payments/intents", headers: sk, body: INTENT, setupRequest: (req) => ({ ...req, headers: { ...req.headers, "idempotency-key": crypto.randomUUID() } }) };
        if (warm) await once(base, 1, request);
        return summarize(await once(base, seconds, request));
      },
    },
    {
      name: "payments: confirm, first provider in outage (fallback)",
      run: async () => {
        const rules = { rules: [{ match: { countries: ["NL"] }, route: { type: "chain", providers: ["stripe", "adyen"] } }] };
        await fetch(`${base}/v1/payments/routing`, { method: "PUT", headers: sk, body: JSON.stringify(rules) });
        await admin("/reset", { method: "POST" });
        // As in a real outage: the first confirms try stripe and fall back; once its breaker opens, they skip it.
        await admin("", { method: "PUT", body: JSON.stringify({ stripe: { mode: "outage" } }) });
        const ids = await preparedIntents(base, sk, 3000);
        let next = 0;
        const request = { method: "POST", headers: sk, body: CONFIRM, setupRequest: (req) => ({ ...req, path: `/v1/payments/intents/${ids[next++ % ids.length]}/confirm` }) };
        try {
          const r = summarize(await once(base, DURATION, request));
          return { ...r, extra: { ...r.extra, confirms: r.ok, note: next > ids.length ? "intents reused: later confirms are 409" : "each confirm a fresh intent" } };
        } finally {
          await admin("/reset", { method: "POST" });
          await fetch(`${base}/v1/payments/routing`, { method: "PUT", headers: sk, body: JSON.stringify({ rules: [] }) });
        }
      },
    },
  ];
}
