import { env } from "cloudflare:test";
import app from "../src/index";
import { seal } from "../src/session";

/**
 * A BUYER_LIMIT that lets every call through. The configured binding's 30 / 10 s bucket is one for the whole run (every
 * test's calls come from one unknown address), so tests not about the budget, in every file, would spend it together
 * and fail at random with 429s; the budget's own tests pass their limiter (test/buyer-budget.test.ts). CREATE_LIMIT too.
 */
const UNLIMITED = { limit: async () => ({ success: true }) } as unknown as RateLimit;

export type ApiStub = (req: Request) => Response | Promise<Response>;

/**
 * Calls the storefront as the gateway does, with the API binding answered by `api` (the platform is out
 * of scope here) and any other binding replaced by `bindings`.
 */
export function call(path: string, init: RequestInit = {}, api: ApiStub = () => new Response("{}", { status: 503 }), bindings: Partial<Env> = {}) {
  const calls: Request[] = [];
  const stubbed = { ...env, BUYER_LIMIT: UNLIMITED, CREATE_LIMIT: UNLIMITED, ...bindings, API: { fetch: async (req: Request) => (calls.push(req.clone()), api(req)) } } as unknown as Env;
  const res = app.fetch(new Request(`https://shop.example${path}`, init), stubbed, { waitUntil() {}, passThroughOnException() {} } as unknown as ExecutionContext);
  return Object.assign(Promise.resolve(res), { calls });
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers } });

/** A listing as the catalog answers it. */
export const listing = (over: Record<string, unknown> = {}) => ({
  id: "lst_01JAAAAAAAAAAAAAAAAAAAAAAA",
  sku: "SKU-1",
  brand: "Lumen",
  locale: "de",
  locales: ["en", "de"],
  title: "Schreibtischlampe",
  description: "Warmweiß",
  category: "home",
  attributes: {},
  images: [],
  price: { amount: 10948, currency: "EUR", formatted: "109,48 €", taxIncluded: true },
  ...over,
});

/** An iDEAL intent for `listing()` as the payments API answers it, paid at Adyen; `over` sets what a test is about. */
export const intentAnswer = (over: Record<string, unknown> = {}) => ({
  id: "pi_01JAAAAAAAAAAAAAAAAAAAAAAA",
  status: "succeeded",
  amount: 10948,
  currency: "EUR",
  formattedAmount: "109,48 €",
  method: "ideal",
  attempts: [{ attemptNo: 1, provider: "adyen", status: "succeeded" }],
  ...over,
});

/** Headers of a form posted from the shop's own pages (the CSRF guard's same origin). */
export const SAME = { origin: "https://shop.example" };

/** Request headers of a seller signed in to the console (a session for `sk_test_seller`, tenant `ten_1`). */
export const signedIn = async (headers: Record<string, string> = {}) => ({
  cookie: `ecp_console=${await seal({ key: "sk_test_seller", tenantId: "ten_1", exp: Math.floor(Date.now() / 1000) + 600 }, env.SESSION_SECRET)}`,
  ...headers,
});

/** A rate limiter binding allowing `allow` calls per key, recording the keys it was asked about. */
export function limiter(allow: number) {
  const spent = new Map<string, number>();
  const keys: string[] = [];
  const binding = {
    async limit({ key }: { key: string }) {
      keys.push(key);
      spent.set(key, (spent.get(key) ?? 0) + 1);
      return { success: spent.get(key)! <= allow };
    },
  } as unknown as RateLimit;
  return { binding, keys };
}

