import { jwtVerify, SignJWT, errors as joseErrors } from "jose";
import { z } from "zod";
import { Role } from "../../../shared/chat/protocol";
import { ProblemError } from "../../../shared/http/problem";

const ISSUER = "ecp:chat";
const ALG = "HS256";

/**
 * What a chat token grants: one app user, in the rooms it names (or, chosen
 * explicitly, every room of the tenant), with a role per room: `role` for
 * every named room unless `roles` says otherwise for one. A token for every
 * room (`"*"`) is a member's only: a role that moderates must name its rooms.
 */
export const ChatClaims = z.object({
  sub: z.string().min(1).max(128),
  tenant: z.string().min(1),
  rooms: z.union([z.literal("*"), z.array(z.string()).max(100)]),
  role: Role,
  roles: z.record(z.string(), Role).optional(),
  exp: z.number().int(),
});
export type ChatClaims = z.infer<typeof ChatClaims>;

/** The user's role in one room: the room's own entry, else the token's role, and never more than a member through `"*"`. */
export function roleIn(claims: Pick<ChatClaims, "rooms" | "role" | "roles">, roomId: string): Role {
  if (claims.rooms === "*") return "member";
  return claims.roles?.[roomId] ?? claims.role;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** Mints a token for an app user; the tenant's server calls this and hands the token to its app. */
export async function mintToken(secret: string, c: Omit<ChatClaims, "exp">, ttlSeconds: number, now = Date.now()): Promise<{ token: string; expiresAt: string }> {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const token = await new SignJWT({ tenant: c.tenant, rooms: c.rooms, role: c.role, ...(c.roles ? { roles: c.roles } : {}) })
    .setProtectedHeader({ alg: ALG, typ: "JWT" })
    .setSubject(c.sub)
    .setIssuer(ISSUER)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(exp)
    .sign(key(secret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * Verifies a token's signature, issuer and expiry and that it grants the room.
 * A bad or expired token is 401; a good token for another room is 403. The
 * claims come back with `role` resolved for this room (see `roleIn`).
 */
export async function verifyToken(secret: string, token: string, roomId: string): Promise<ChatClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: [ALG] }));
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new ProblemError(401, expired ? "token_expired" : "invalid_token", expired ? "The chat token has expired." : "The chat token is not valid.");
  }
  const claims = ChatClaims.safeParse(payload);
  if (!claims.success) throw new ProblemError(401, "invalid_token", "The chat token lacks required claims.");
  if (claims.data.rooms !== "*" && !claims.data.rooms.includes(roomId)) {
    throw new ProblemError(403, "room_not_allowed", "The chat token does not grant this room.");
  }
  return { ...claims.data, role: roleIn(claims.data, roomId) };
}
