// Console sessions: the seller's secret key, sealed with AES-GCM under SESSION_SECRET in an HttpOnly
// cookie. Only this Worker can read or forge one; the key never reaches page script or storage.

/** What a console session holds. `exp` is in seconds since the epoch. */
export interface ConsoleSession {
  key: string;
  tenantId: string;
  exp: number;
}

export type Opened = { ok: true; session: ConsoleSession } | { ok: false; reason: "missing" | "invalid" | "expired" };

export const SESSION_COOKIE = "ecp_console";
// Binds the ciphertext to its purpose: a value sealed for something else under the same secret fails.
const AAD = new TextEncoder().encode("ecp-console-session/v1");

const keys = new Map<string, Promise<CryptoKey>>();
/** The AES-256-GCM key: SHA-256 of the configured secret (any length in, 32 bytes out). */
function sessionKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(secret))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
    keys.set(secret, key);
  }
  return key;
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));

/** Seals a session into a cookie value: base64url(iv ‖ ciphertext+tag). */
export async function seal(session: ConsoleSession, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(session));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: AAD }, await sessionKey(secret), plain));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return b64url(out);
}

/** Opens a cookie value; a tampered, foreign or truncated value is `invalid`, an old one `expired`. */
export async function open(value: string | undefined, secret: string, now = Date.now()): Promise<Opened> {
  if (!value) return { ok: false, reason: "missing" };
  try {
    const bytes = fromB64url(value);
    if (bytes.length < 12 + 16) return { ok: false, reason: "invalid" };
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: AAD }, await sessionKey(secret), bytes.slice(12));
    const session = JSON.parse(new TextDecoder().decode(plain)) as ConsoleSession;
    if (typeof session.key !== "string" || typeof session.exp !== "number") return { ok: false, reason: "invalid" };
    if (session.exp * 1000 <= now) return { ok: false, reason: "expired" };
    return { ok: true, session };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}
