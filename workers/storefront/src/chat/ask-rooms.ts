import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { SfEnv } from "../types";
import { buyerMac } from "./identity";

const COOKIE = "sf_ask";
/** The conversations a browser remembers: the most recent first, the oldest forgotten past this many (~60 bytes each). */
export const MAX_ASKED = 40;
const PAIR = /^(lst_[0-9A-Z]{26}):(room_[0-9A-Z]{26})$/;

/**
 * The buyer's conversations with the seller, listing → direct room, as the cookie keeps them: `<tag>|lst:room|…`.
 * The tag names the buyer (an HMAC of their cookie), so a list left behind by an earlier buyer cookie is not theirs.
 * A buyer is their browser's cookie and nothing more, so this list lives exactly as long as they do; the chat API
 * has no lookup of a direct room by its members, and an Idempotency-Key finds one again for a day only.
 */
export function parseAsked(value: string | undefined, tag: string): Map<string, string> {
  const [head, ...pairs] = (value ?? "").split("|");
  const asked = new Map<string, string>();
  if (head !== tag) return asked;
  for (const p of pairs.slice(0, MAX_ASKED)) {
    const m = PAIR.exec(p);
    if (m && !asked.has(m[1]!)) asked.set(m[1]!, m[2]!);
  }
  return asked;
}

/** The cookie's value with `listingId → roomId` first, the oldest dropped past MAX_ASKED. */
export function withAsked(asked: Map<string, string>, tag: string, listingId: string, roomId: string): string {
  const pairs = [`${listingId}:${roomId}`, ...[...asked].filter(([l]) => l !== listingId).map(([l, r]) => `${l}:${r}`)];
  return [tag, ...pairs.slice(0, MAX_ASKED)].join("|");
}

const tagOf = async (c: Context<SfEnv>) => (await buyerMac(c, "ask-rooms")).slice(0, 16);

/** The direct room this buyer already has about `listingId`, if their browser remembers one. */
export async function askedRoom(c: Context<SfEnv>, listingId: string): Promise<string | undefined> {
  return parseAsked(getCookie(c, COOKIE), await tagOf(c)).get(listingId);
}

/** Remembers the buyer's room about `listingId` (a year, as their buyer cookie). */
export async function rememberAsked(c: Context<SfEnv>, listingId: string, roomId: string) {
  const tag = await tagOf(c);
  const value = withAsked(parseAsked(getCookie(c, COOKIE), tag), tag, listingId, roomId);
  setCookie(c, COOKIE, value, { path: "/", httpOnly: true, sameSite: "Lax", maxAge: 365 * 24 * 3600, secure: new URL(c.req.url).protocol === "https:" });
}
