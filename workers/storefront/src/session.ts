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
export function seal(session: ConsoleSession, secret: string): Promise<string> {
  return sealJson(session, secret, AAD);
}

async function sealJson(value: unknown, secret: string, aad: Uint8Array): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad }, await sessionKey(secret), plain));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return b64url(out);
}

/** What `sealJson` sealed under `aad`; throws on anything else. */
async function openJson(value: string, secret: string, aad: Uint8Array): Promise<unknown> {
  const bytes = fromB64url(value);
  if (bytes.length < 12 + 16) throw new Error("too short");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: aad }, await sessionKey(secret), bytes.slice(12));
  return JSON.parse(new TextDecoder().decode(plain));
}

/** A secret shown once on the page a POST redirects to (a feed URL): sealed like a session, for one tenant, briefly. */
export interface Flash {
  tenantId: string;
  exp: number;
  value: Record<string, string>;
}
const FLASH_AAD = new TextEncoder().encode("ecp-console-flash/v1");

export const sealFlash = (flash: Flash, secret: string) => sealJson(flash, secret, FLASH_AAD);

/** The flash's value if it is this tenant's and fresh, else null. */
export async function openFlash(value: string | undefined, secret: string, tenantId: string, now = Date.now()): Promise<Record<string, string> | null> {
  if (!value) return null;
  try {
    const flash = (await openJson(value, secret, FLASH_AAD)) as Flash;
    return flash.tenantId === tenantId && flash.exp * 1000 > now ? flash.value : null;
  } catch {
    return null;
  }
}

/** Opens a cookie value; a tampered, foreign or truncated value is `invalid`, an old one `expired`. */
export async function open(value: string | undefined, secret: string, now = Date.now()): Promise<Opened> {
  if (!value) return { ok: false, reason: "missing" };
  try {
    const session = (await openJson(value, secret, AAD)) as ConsoleSession;
    if (typeof session.key !== "string" || typeof session.exp !== "number") return { ok: false, reason: "invalid" };
    if (session.exp * 1000 <= now) return { ok: false, reason: "expired" };
    return { ok: true, session };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}
