/**
 * Which credential each public path needs. Everything not listed needs a
 * secret key: a new endpoint is private until someone decides otherwise.
 */
export type Access =
  /** No credential: health, docs, published verification keys. */
  | "anonymous"
  /** A publishable or a secret key: read-only public endpoints for browsers and apps. */
  | "publishable"
  /** A secret key, or else a `?token=` (chat token, calendar feed token) the service verifies itself. */
  | "secret-or-token"
  | "secret"
  /** The platform operator's ADMIN_TOKEN. */
  | "admin";

interface Rule {
  method: string;
  pattern: RegExp;
  access: Access;
}

const RULES: Rule[] = [
  { method: "GET", pattern: /^\/v1\/catalog\/listings(\/[^/]+)?$/, access: "publishable" },
  { method: "GET", pattern: /^\/v1\/payments\/methods$/, access: "publishable" },
  // Providers call these with their own signature (Stripe-Signature, Adyen HMAC), verified by the service.
  { method: "POST", pattern: /^\/v1\/payments\/webhooks\/[^/]+$/, access: "anonymous" },
  { method: "GET", pattern: /^\/v1\/media\/nearest$/, access: "publishable" },
  { method: "GET", pattern: /^\/v1\/chat\/rooms\/[^/]+\/(connect|messages)$/, access: "secret-or-token" },
  { method: "GET", pattern: /^\/v1\/ip\/ledger\/keys$/, access: "anonymous" },
  // Calendar apps subscribe to a URL: a feed token in the query, checked by the IP service.
  { method: "GET", pattern: /^\/v1\/ip\/deadlines\.ics$/, access: "secret-or-token" },
  { method: "*", pattern: /^\/v1\/admin(\/|$)/, access: "admin" },
];

/** The access an API request needs. HEAD is a GET for this purpose. */
export function accessFor(method: string, path: string): Access {
  const m = method === "HEAD" ? "GET" : method;
  for (const rule of RULES) {
    if ((rule.method === "*" || rule.method === m) && rule.pattern.test(path)) return rule.access;
  }
  return "secret";
}
