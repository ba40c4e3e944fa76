import { keyId, sthMessage, toBase64Url, type PublicJwk, type TreeHead } from "../../../shared/ledger/verify.mjs";
import { ProblemError } from "../../../shared/http/problem";
import { db } from "./store/db";
import type { Head } from "./store/ledger";
import { recordSigningKey } from "./store/ledger-keys";

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
 * Records the key in `ip_ledger_keys` before its first signature leaves this
 * isolate, so `GET /ledger/keys` can publish every key that ever signed a
 * head, long after the key is rotated out.
 */
async function recordSigner(env: Env, key: LedgerKey, now: Date): Promise<void> {
  if (recorded.has(key.kid)) return;
  await recordSigningKey(db(env.DB), { kid: key.kid, jwk: key.publicJwk, firstSignedAt: now.toISOString() });
  recorded.add(key.kid);
}

/** Signs the tenant's tree head as it stands now. */
export async function signTreeHead(env: Env, tenantId: string, h: Head, now = new Date()): Promise<Required<TreeHead>> {
  const key = await ledgerKey(env);
  await recordSigner(env, key, now);
  const unsigned = { tenantId, treeSize: h.treeSize, rootHash: h.rootHash, timestamp: now.toISOString() };
  const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, sthMessage(unsigned)));
  return { ...unsigned, keyId: key.kid, signature: toBase64Url(signature) };
}
