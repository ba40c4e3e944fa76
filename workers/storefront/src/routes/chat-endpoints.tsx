import type { Hono } from "hono";
import { buyerId, mintToken } from "../chat/identity";
import { storefrontRoom } from "../chat/room-cache";
import type { SfEnv } from "../types";
import { ListingCard } from "../views/shop";
import { readListing } from "./product";

/**
 * What a buyer's room script asks this origin for: `POST /chat/token?room=` (a token for the buyer in
 * that one room, minted with the storefront's secret key; live rooms admit any buyer as a member, a
 * direct room only its two members, group rooms are not the storefront's to hand out) and
 * `GET /chat/card/:listingId` (a product card in the buyer's language and currency).
 */
export function registerChatEndpoints(app: Hono<SfEnv>) {
  app.post("/chat/token", async (c) => {
    const roomId = c.req.query("room") ?? "";
    const room = await storefrontRoom(c.env, roomId);
    if (!room || room.kind === "group") return c.json({ status: 404, code: "room_not_found", detail: c.get("buyer").t.notFound }, 404);
    const token = await mintToken(c.env, c.env.STOREFRONT_SECRET_KEY, await buyerId(c), room.id, "member");
    if (!token) return c.json({ status: 503, code: "unavailable", detail: c.get("buyer").t.unavailable }, 503);
    return c.json({ token });
  });

  app.get("/chat/card/:id", async (c) => {
    const buyer = c.get("buyer");
    const read = await readListing(c.env, buyer, c.req.param("id"));
    if (!("listing" in read)) return c.text(read.status === 451 ? buyer.t.notSold : buyer.t.notFound, read.status);
    return c.html(<ListingCard listing={read.listing} buyer={buyer} heading="h3" />);
  });
}
