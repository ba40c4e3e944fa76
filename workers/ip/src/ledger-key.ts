import { keyId, sthMessage, toBase64Url, type PublicJwk, type TreeHead } from "../../../shared/ledger/verify.mjs";
import { ProblemError } from "../../../shared/http/problem";
import { db } from "./store/db";
import type { Head } from "./store/ledger";
import { recordSigningKey, signingKeyById } from "./store/ledger-keys";

interface LedgerKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: PublicJwk;
  kid: string;
}

let cached: { secret: string; key: Promise<LedgerKey> } | null = null;

/** The private JWK from the secret; a malformed secret is a configuration error, said plainly. */
function parseJwk(secret: string): JsonWebKey & { x: string; crv: string } {
  try {
    return JSON.parse(secret);
  } catch {
    throw new ProblemError(503, "ledger_key_invalid", "LEDGER_SIGNING_KEY is not a JSON Web Key.");
  }
}

async function load(secret: string): Promise<LedgerKey> {
  const jwk = parseJwk(secret);
  const privateKey = await crypto.subtle.importKey("jwk", jwk, { name: "Ed25519" }, false, ["sign"]);
  const publicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x };
  const publicKey = await crypto.subtle.importKey("jwk", publicJwk, { name: "Ed25519" }, false, ["verify"]);
  return { privateKey, publicKey, publicJwk, kid: await keyId(publicJwk) };
}

/** The Ed25519 key from `LEDGER_SIGNING_KEY` (a private JWK), imported once per isolate. */
export function ledgerKey(env: Env): Promise<LedgerKey> {
  if (!env.LEDGER_SIGNING_KEY) throw new ProblemError(503, "ledger_key_missing", "The ledger signing key is not configured.");
  if (cached?.secret !== env.LEDGER_SIGNING_KEY) cached = { secret: env.LEDGER_SIGNING_KEY, key: load(env.LEDGER_SIGNING_KEY) };
  return cached.key;
}

/** Keys this isolate has already recorded as signers (one insert per key per isolate). */
const recorded = new Set<string>();

/**
 * The key to sign with, recorded in `ip_ledger_keys` before its first
 * signature leaves this isolate, so `GET /ledger/keys` can publish every key
 * that ever signed a head, and a feed token still verifies, long after the key
 * is rotated out.
 */
export async function signingKey(env: Env, now = new Date()): Promise<LedgerKey> {
  const key = await ledgerKey(env);
  if (recorded.has(key.kid)) return key;
  await recordSigningKey(db(env.DB), { kid: key.kid, jwk: key.publicJwk, firstSignedAt: now.toISOString() });
  recorded.add(key.kid);
  return key;
}

/** Public keys rotated out, by key id, imported once per isolate (only keys found: an unknown id is looked up again). */
const retired = new Map<string, Promise<CryptoKey>>();

/** The public key `kid` names: the current one, or an earlier signer from `ip_ledger_keys`; null for a key that never signed here. */
export async function verifyingKey(env: Env, kid: string): Promise<CryptoKey | null> {
  const current = await ledgerKey(env);
  if (kid === current.kid) return current.publicKey;
  const known = retired.get(kid);
  if (known) return known;
  const row = await signingKeyById(db(env.DB), kid);
  if (!row) return null;
  const key = crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: row.jwk.x }, { name: "Ed25519" }, false, ["verify"]);
  retired.set(kid, key);
  return key;
}

/** Signs the tenant's tree head as it stands now. */
export async function signTreeHead(env: Env, tenantId: string, h: Head, now = new Date()): Promise<Required<TreeHead>> {
  const key = await signingKey(env, now);
  const unsigned = { tenantId, treeSize: h.treeSize, rootHash: h.rootHash, timestamp: now.toISOString() };
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, sthMessage(unsigned)));
  return { ...unsigned, keyId: key.kid, signature: toBase64Url(signature) };
}
