import type { Hono } from "hono";
import { apiClient } from "../api";
import { buyerCookie, buyerId, readRoom, SELLER_ID } from "../chat/identity";
import { CHAT_MESSAGES } from "../i18n/chat-messages";
import type { SfEnv } from "../types";
import { ChatPanel, type RoomPageData } from "../views/chat";
import { ListingCard, MessagePage, ShopPage } from "../views/shop";
import { readListing, unavailable } from "./product";

const LISTING_ID = /^lst_[0-9A-Z]{26}$/;

/**
 * Ask the seller: `POST /ask` (from a product page) opens a direct room between this buyer and the
 * seller, the same one again for a day (the API's Idempotency-Key), then `GET /ask/:roomId` is the chat.
 */
export function registerAsk(app: Hono<SfEnv>) {
  app.post("/ask", async (c) => {
    const listingId = String((await c.req.parseBody()).listing ?? "");
    const read = await readListing(c.env, c.get("buyer"), listingId);
    if (!("listing" in read)) return unavailable(c, read.status);
    const buyer = await buyerId(c);
    const { data } = await apiClient(c.env, c.env.STOREFRONT_SECRET_KEY).POST("/v1/chat/rooms", {
      body: { kind: "direct", title: `${CHAT_MESSAGES.en.askSeller}: ${read.listing.title}`.slice(0, 200), members: [buyer, SELLER_ID] },
      headers: { "idempotency-key": `ask-${buyer}-${listingId}` },
    });
    if (!data) return unavailable(c, 503);
    return c.redirect(`/ask/${data.id}?about=${listingId}`, 303);
  });

  app.get("/ask/:roomId", async (c) => {
    const buyer = c.get("buyer");
    const t = CHAT_MESSAGES[buyer.locale];
    const url = new URL(c.req.url);
    const room = await readRoom(c.env, c.env.STOREFRONT_SECRET_KEY, c.req.param("roomId"));
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
