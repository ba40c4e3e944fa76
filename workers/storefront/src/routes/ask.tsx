import type { Hono } from "hono";
import { apiClient } from "../api";
import { spendCreation } from "../buyer-budget";
import { buyerCookie, buyerId, SELLER_ID } from "../chat/identity";
import { askedRoom, rememberAsked } from "../chat/ask-rooms";
import { storefrontRoom } from "../chat/room-cache";
import { CHAT_MESSAGES } from "../i18n/chat-messages";
import type { SfEnv } from "../types";
import { ChatPanel, type RoomPageData } from "../views/chat";
import { ListingCard, MessagePage, ShopPage } from "../views/shop";
import { readListing, unavailable } from "./product";

const LISTING_ID = /^lst_[0-9A-Z]{26}$/;

/**
 * Ask the seller: `POST /ask` (from a product page) opens a direct room between this buyer and the seller, or
 * the one they already have about that listing (remembered by their browser, as they are: ask-rooms.ts), then
 * `GET /ask/:roomId` is the chat. A new room's create names nothing that changes with the buyer's language or
 * the seller's edits (the SKU, the id), so a retry under its Idempotency-Key always replays the same room.
 */
export function registerAsk(app: Hono<SfEnv>) {
  app.post("/ask", async (c) => {
    const listingId = String((await c.req.parseBody()).listing ?? "");
    if (!LISTING_ID.test(listingId)) return unavailable(c, 404);
    const known = await askedRoom(c, listingId);
    if (known) return c.redirect(`/ask/${known}?about=${listingId}`, 303);
    const read = await readListing(c.env, c.get("buyer"), listingId);
    if (!("listing" in read)) return unavailable(c, read.status);
    const buyer = await buyerId(c);
    await spendCreation(c);
    const { data } = await apiClient(c.env, c.env.STOREFRONT_SECRET_KEY).POST("/v1/chat/rooms", {
      body: { kind: "direct", title: `${CHAT_MESSAGES.en.askSeller}: ${read.listing.sku} · ${listingId}`.slice(0, 200), members: [buyer, SELLER_ID] },
      // (`ask2-`: keys from before the title was made stable hold another body, which would be a 409 for a day.)
      headers: { "idempotency-key": `ask2-${buyer}-${listingId}` },
    });
    if (!data) return unavailable(c, 503);
    await rememberAsked(c, listingId, data.id);
    return c.redirect(`/ask/${data.id}?about=${listingId}`, 303);
  });

  app.get("/ask/:roomId", async (c) => {
    const buyer = c.get("buyer");
    const t = CHAT_MESSAGES[buyer.locale];
    const url = new URL(c.req.url);
    const room = await storefrontRoom(c.env, c.req.param("roomId"));
    if (!room || room.kind !== "direct") {
      c.status(404);
      return c.html(<MessagePage buyer={buyer} url={url} title={t.askTitle} text={t.roomMissing} />);
    }
    buyerCookie(c);
    const about = c.req.query("about") ?? "";
    const read = LISTING_ID.test(about) ? await readListing(c.env, buyer, about) : null;
    const listing = read && "listing" in read ? read.listing : null;
    const data: RoomPageData = { roomId: room.id, tokenUrl: `/chat/token?room=${room.id}`, cardUrl: "/chat/card/", hostId: SELLER_ID, pins: false, moderate: false, ...(listing ? { about: listing.id } : {}), t };
    return c.html(
      <ShopPage buyer={buyer} url={url} title={t.askTitle} scripts={["/sf/room.js"]} data={data}>
        <h1>{t.askTitle}</h1>
        <p class="muted">
          <code data-room>{room.id}</code>
        </p>
        <div class="two">
          {listing && <ListingCard listing={listing} buyer={buyer} heading="h2" />}
          <ChatPanel t={t} />
        </div>
      </ShopPage>,
    );
  });
}
