import type { Hono } from "hono";
import { apiClient } from "../api";
import type { Buyer } from "../buyer";
import { buyerCookie, SELLER_ID } from "../chat/identity";
import { storefrontRoom } from "../chat/room-cache";
import { CHAT_MESSAGES } from "../i18n/chat-messages";
import type { SfEnv } from "../types";
import { ChatPanel, type RoomPageData } from "../views/chat";
import { MessagePage, ShopPage } from "../views/shop";

type Node = { id: string; region: string; estimatedRttMs: number; roomNode: string | null; roomStatus: string | null };

/**
 * The media node this buyer connects to for the room: the room's own node, unless the buyer's residency
 * keeps them off it (`not-allowed`: their best allowed node instead); null when none is offered.
 */
async function roomNode(env: Env, buyer: Buyer, roomId: string): Promise<Node | null> {
  const api = apiClient(env, env.STOREFRONT_PUBLISHABLE_KEY, buyer.apiHeaders);
  const { data } = await api.GET("/v1/media/nearest", { params: { query: { room: roomId, count: 1, ...(buyer.country ? { country: buyer.country } : {}) } } });
  const best = data?.items[0];
  return best ? { ...best, roomNode: data.room?.nodeId ?? null, roomStatus: data.room?.status ?? null } : null;
}

/** `GET /live/:roomId`: a live-shopping room for buyers: its chat, the host's pinned products, the media node. */
export function registerLive(app: Hono<SfEnv>) {
  app.get("/live/:roomId", async (c) => {
    const buyer = c.get("buyer");
    const t = CHAT_MESSAGES[buyer.locale];
    const url = new URL(c.req.url);
    const roomId = c.req.param("roomId");
    const room = await storefrontRoom(c.env, roomId);
    if (!room || room.kind !== "live") {
      c.status(404);
      return c.html(<MessagePage buyer={buyer} url={url} title={t.liveTitle} text={t.roomMissing} />);
    }
    buyerCookie(c); // the buyer exists before the script asks for a token
    const node = await roomNode(c.env, buyer, room.id);
    const data: RoomPageData = { roomId: room.id, tokenUrl: `/chat/token?room=${room.id}`, cardUrl: "/chat/card/", hostId: SELLER_ID, pins: true, moderate: false, t };
    return c.html(
      <ShopPage buyer={buyer} url={url} title={room.title ?? t.liveTitle} scripts={["/sf/room.js"]} data={data}>
        <h1>{room.title ?? t.liveTitle}</h1>
        <p class="muted">{t.liveTitle}</p>
        <section aria-labelledby="media-heading" id="media">
          <h2 id="media-heading">{t.mediaNode}</h2>
          {node ? (
            <p data-node={node.id} data-room-node={node.roomNode ?? undefined} data-room-status={node.roomStatus ?? undefined}>
              <strong>{node.id}</strong> ({node.region}) · <span data-rtt={node.estimatedRttMs}>{t.rtt.replace("{ms}", String(Math.round(node.estimatedRttMs)))}</span>
            </p>
          ) : (
            <p class="notice">{t.noMedia}</p>
          )}
        </section>
        <div class="two">
          <section aria-labelledby="pins-heading">
            <h2 id="pins-heading">{t.pinned}</h2>
            <ul id="pins" class="grid" aria-live="polite">
              <li class="empty muted">{t.noPins}</li>
            </ul>
          </section>
          <ChatPanel t={t} />
        </div>
      </ShopPage>,
    );
  });
}
