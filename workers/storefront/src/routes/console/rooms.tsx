import type { Context, Hono } from "hono";
import { apiClient } from "../../api";
import { SELLER_ID } from "../../chat/identity";
import { CHAT_MESSAGES } from "../../i18n/chat-messages";
import type { SfEnv } from "../../types";
import { ChatPanel, type RoomPageData } from "../../views/chat";
import { ConsolePage, ProblemPage } from "../../views/console";
import { sellerRoom } from "./chat";

const t = CHAT_MESSAGES.en;

const roomData = (roomId: string, host: boolean): RoomPageData => ({
  roomId,
  tokenUrl: `/console/chat/token?room=${roomId}`,
  cardUrl: "/console/chat/card/",
  hostId: SELLER_ID,
  pins: host,
  moderate: host,
  t,
});

function missing(c: Context<SfEnv>, what: string) {
  c.status(404);
  return c.html(<ProblemPage title={what} detail="Your shop has no such room." back={{ href: "/console/chat", label: "Back to chat" }} />);
}

/** The host's view of a live room (pin a product, moderate) and the seller's side of a buyer's question. */
export function registerConsoleRooms(app: Hono<SfEnv>) {
  app.get("/console/live/:roomId", async (c) => {
    const room = await sellerRoom(c, c.req.param("roomId"));
    if (!room || room.kind !== "live") return missing(c, "Live room");
    const { data } = await apiClient(c.env, c.get("session")!.key, { "accept-language": "en" }).GET("/v1/catalog/listings", { params: { query: { limit: 50, locale: "en" } } });
    const listings = (data?.items ?? []).filter((l) => l.status !== "held");
    return c.html(
      <ConsolePage title={room.title ?? "Live room"} signedIn scripts={["/sf/room.js"]} data={roomData(room.id, true)}>
        <h1>{room.title ?? "Live room"}</h1>
        <p>
          You are the host of <code>{room.id}</code>. Buyers watch at <a href={`/live/${room.id}`}>/live/{room.id}</a>.
        </p>
        <div class="two">
          <section aria-labelledby="pin-heading">
            <h2 id="pin-heading">Pin a product</h2>
            <noscript>
              <p class="notice">Pinning and the room's chat need JavaScript.</p>
            </noscript>
            <form id="pin-form" hidden>
              <div class="field">
                <label for="pin-listing">Listing</label>
                <select id="pin-listing" name="listing" required>
                  {listings.map((l) => (
                    <option value={l.id}>
                      {l.title} ({l.sku})
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="pin-note">Note for viewers (optional)</label>
                <input id="pin-note" name="note" maxlength={1000} />
              </div>
              <button type="submit">Pin to the room</button>
              <p id="pin-status" role="status"></p>
            </form>
            <h2 id="pins-heading">Pinned</h2>
            <ul id="pins" class="grid" aria-labelledby="pins-heading">
              <li class="empty muted">{t.noPins}</li>
            </ul>
          </section>
          <ChatPanel t={t} />
        </div>
        <p class="muted">Moderation: delete a message, mute a viewer for 10 minutes or remove them from the room, with the buttons under each message.</p>
      </ConsolePage>,
    );
  });

  app.get("/console/ask/:roomId", async (c) => {
    const room = await sellerRoom(c, c.req.param("roomId"));
    if (!room || room.kind !== "direct") return missing(c, "Conversation");
    return c.html(
      <ConsolePage title="Buyer question" signedIn scripts={["/sf/room.js"]} data={roomData(room.id, false)}>
        <h1>{room.title ?? "Buyer question"}</h1>
        <p class="muted">
          Conversation <code>{room.id}</code>
        </p>
        <ChatPanel t={t} />
      </ConsolePage>,
    );
  });
}
