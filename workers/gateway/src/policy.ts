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
  /** For `secret-or-token`: which token the service verifies (documented as its own security scheme). */
  token?: "chatToken" | "feedToken";
}

const RULES: Rule[] = [
  { method: "GET", pattern: /^\/v1\/catalog\/listings(\/[^/]+)?$/, access: "publishable" },
  { method: "GET", pattern: /^\/v1\/payments\/methods$/, access: "publishable" },
  // Providers call these with their own signature (Stripe-Signature, Adyen HMAC), verified by the service.
  { method: "POST", pattern: /^\/v1\/payments\/webhooks\/[^/]+$/, access: "anonymous" },
  { method: "GET", pattern: /^\/v1\/media\/nearest$/, access: "publishable" },
  { method: "GET", pattern: /^\/v1\/chat\/rooms\/[^/]+\/(connect|messages)$/, access: "secret-or-token", token: "chatToken" },
  { method: "GET", pattern: /^\/v1\/ip\/ledger\/keys$/, access: "anonymous" },
  // Calendar apps subscribe to a URL: a feed token in the query, checked by the IP service.
  { method: "GET", pattern: /^\/v1\/ip\/deadlines\.ics$/, access: "secret-or-token", token: "feedToken" },
  { method: "*", pattern: /^\/v1\/admin(\/|$)/, access: "admin" },
  // Operational yardsticks every service answers (shared/http/service.ts): a constant, and one D1 point read.
  { method: "GET", pattern: /^\/v1\/(catalog|payments|media|chat|ip)\/ping(\/db)?$/, access: "publishable" },
];

const DEFAULT: Rule = { method: "*", pattern: /$/, access: "secret" };

/** The rule an API request falls under. HEAD is a GET for this purpose. */
export function ruleFor(method: string, path: string): Rule {
  const m = method === "HEAD" ? "GET" : method;
  return RULES.find((rule) => (rule.method === "*" || rule.method === m) && rule.pattern.test(path)) ?? DEFAULT;
}

/** The access an API request needs. */
export const accessFor = (method: string, path: string): Access => ruleFor(method, path).access;
