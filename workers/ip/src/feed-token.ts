import { toBase64Url } from "../../../shared/ledger/verify.mjs";
import { ledgerKey, signingKey, verifyingKey } from "./ledger-key";

/**
 * Calendar apps subscribe to a URL and cannot send an Authorization header,
 * so the deadlines feed takes a token in its query instead. A token is
 * `<tenantId>.<feedId>.<expiry>.<kid>.<signature>`: the Ed25519 signature (the
 * service's ledger key) covers the tenant, the token's id and its expiry, so
 * nothing in it can be changed; the id names a row (`ip_feed_tokens`) that
 * can be revoked on its own. It opens that tenant's read-only feed only.
 * `kid` names the signing key (its RFC 7638 thumbprint, as `GET /ledger/keys`
 * lists it), so a token outlives a rotation of the key: a signature verifies
 * under its own key only, so the kid needs no signature of its own.
 */
const PURPOSE = "ecp:deadlines-feed:v2:";
const encoder = new TextEncoder();
const FEED_ID = /^fdt_[0-9A-HJKMNP-TV-Z]{26}$/;
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_ID = /^[A-Za-z0-9_-]{43}$/;

export interface FeedClaims {
  tenantId: string;
  feedId: string;
  /** Epoch seconds. */
  exp: number;
}

const message = (c: FeedClaims) => encoder.encode(`${PURPOSE}${c.tenantId}\n${c.feedId}\n${c.exp}`);

export async function signFeedToken(env: Env, c: FeedClaims): Promise<string> {
  const key = await signingKey(env);
  const signature = await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, message(c));
  return `${c.tenantId}.${c.feedId}.${c.exp}.${key.kid}.${toBase64Url(new Uint8Array(signature))}`;
}

/** Bytes of unpadded base64url, or null for anything else (wrong alphabet or an impossible length). */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * The claims of a well-formed token with a valid signature, or null for
 * anything forged, truncated, malformed or expired. Never throws on input:
 * every bad token is the caller's 401. Revocation is the store's to check.
 */
export async function verifyFeedToken(env: Env, token: string, now = Date.now()): Promise<FeedClaims | null> {
  if (token.length > 300) return null;
  const parts = token.split(".");
  // A token from before tokens named their key has four parts: it verifies with the current key only, as all did then (a rotation ends it).
  if (parts.length === 4) parts.splice(3, 0, (await ledgerKey(env)).kid);
  if (parts.length !== 5) return null;
  const [tenantId, feedId, expText, kid, sig] = parts as [string, string, string, string, string];
  if (!TENANT_ID.test(tenantId) || !FEED_ID.test(feedId) || !/^\d{1,12}$/.test(expText) || !KEY_ID.test(kid)) return null;
  const claims = { tenantId, feedId, exp: Number(expText) };
  if (claims.exp * 1000 <= now) return null;
  const signature = fromBase64Url(sig);
  if (!signature || signature.byteLength !== 64) return null;
  const key = await verifyingKey(env, kid);
  if (!key) return null;
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message(claims));
  return ok ? claims : null;
}
