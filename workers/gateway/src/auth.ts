import { sha256Hex } from "../../../shared/crypto";
import { ProblemError } from "../../../shared/http/problem";
import type { Access } from "./policy";
import { findKeyByHash, type KeyRecord } from "./store/keys";
import { KeyCache } from "./key-cache";

const cache = new KeyCache<KeyRecord>({ knownMs: 30_000, unknownMs: 5_000 });

/** The bearer credential of a request, if any. */
export function bearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/** Looks a key up by its hash, through the cache. */
export async function lookupKey(db: D1Database, key: string): Promise<KeyRecord | null> {
  if (!/^(sk|pk)_[A-Za-z0-9_-]{4,200}$/.test(key)) return null;
  const hash = await sha256Hex(key);
  const cached = cache.get(hash);
  if (cached !== undefined) return cached;
  const read = revocations;
  const found = await findKeyByHash(db, hash);
  // A revocation while this read was out may have come after it: caching it would undo `forgetKey` for 30 s.
  if (read === revocations) cache.set(hash, found);
  return found;
}

/** Counts `forgetKey` calls in this isolate: a lookup that saw one happen during its read caches nothing. */
let revocations = 0;

/** Drops a revoked key from this isolate's cache at once; other isolates stop accepting it within 30 s. */
export function forgetKey(keyHash: string): void {
  revocations++;
  cache.delete(keyHash);
}

const unauthorized = (detail: string) =>
  new ProblemError(401, "unauthorized", detail, undefined, { "www-authenticate": 'Bearer realm="ecp"' });

/**
 * Checks the credential against what the route needs. Returns the key when
 * one authenticated the request, or null when the route lets the service
 * verify a token itself.
 */
export async function authenticate(db: D1Database, request: Request, access: Exclude<Access, "anonymous" | "admin">): Promise<KeyRecord | null> {
  const key = bearer(request);
  if (!key) {
    if (access === "secret-or-token" && new URL(request.url).searchParams.has("token")) return null;
    throw unauthorized("Send an API key as `Authorization: Bearer <key>`.");
  }
  const record = await lookupKey(db, key);
  if (!record) throw unauthorized("The API key is not valid.");
  if (record.kind === "publishable" && access !== "publishable") {
    throw new ProblemError(403, "secret_key_required", "This endpoint needs a secret key (sk_…); publishable keys may only read public endpoints.");
  }
  return record;
}

/** Constant-time comparison for the admin token. */
export async function isAdminToken(candidate: string | null, expected: string | undefined): Promise<boolean> {
  if (!candidate || !expected) return false;
  const [a, b] = await Promise.all([sha256Hex(candidate), sha256Hex(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
