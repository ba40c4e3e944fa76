/**
 * When a chat token (a JWT) expires, in ms since the epoch; null when it carries no `exp` or is not a JWT.
 * Read without verifying: the SDK only uses it to stop reconnecting with a fixed token the server
 * will refuse, and the server checks every token itself.
 */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}
