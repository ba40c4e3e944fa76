import { toBase64Url } from "../../../shared/ledger/verify.mjs";
import { ledgerKey } from "./ledger-key";

/**
 * Calendar apps subscribe to a URL and cannot send an Authorization header,
 * so the deadlines feed takes a token in its query instead: the tenant id
 * signed with the service's Ed25519 key. It grants that one read-only feed;
 * rotating LEDGER_SIGNING_KEY revokes every feed URL.
 */
const PURPOSE = "ecp:deadlines-feed:v1:";
const encoder = new TextEncoder();

export async function mintFeedToken(env: Env, tenantId: string): Promise<string> {
  const key = await ledgerKey(env);
  const signature = await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, encoder.encode(PURPOSE + tenantId));
  return `${tenantId}.${toBase64Url(new Uint8Array(signature))}`;
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/** The tenant a feed token was minted for, or null for anything forged, truncated or malformed. */
export async function tenantOfFeedToken(env: Env, token: string): Promise<string | null> {
  const dot = token.lastIndexOf(".");
  if (dot <= 0 || token.length > 300) return null;
  const tenantId = token.slice(0, dot);
  const signature = fromBase64Url(token.slice(dot + 1));
  if (!signature || signature.byteLength !== 64) return null;
  const key = await ledgerKey(env);
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, key.publicKey, signature, encoder.encode(PURPOSE + tenantId));
  return ok ? tenantId : null;
}
