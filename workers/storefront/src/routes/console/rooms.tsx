import type { Context, Hono } from "hono";
import { asProblem, fieldError, type Problem, sellerApi } from "../../api";
import { SELLER_ID } from "../../chat/identity";
import { CHAT_MESSAGES } from "../../i18n/chat-messages";
import type { SfEnv } from "../../types";
import { ChatPanel, type RoomPageData } from "../../views/chat";
import { ConsolePage, described, Field, ProblemPage } from "../../views/console";
import { sellerRoom } from "./chat";
import { signOut } from "./session";

const chatWords = (c: Context<SfEnv>) => CHAT_MESSAGES[c.get("ui").locale];

const roomData = (c: Context<SfEnv>, roomId: string, host: boolean): RoomPageData => ({
  roomId,
  tokenUrl: `/console/chat/token?room=${roomId}`,
  cardUrl: "/console/chat/card/",
  hostId: SELLER_ID,
  pins: host,
  moderate: host,
  t: chatWords(c),
});

function missing(c: Context<SfEnv>, what: string) {
  const ui = c.get("ui");
  c.status(404);
  return c.html(<ProblemPage ui={ui} title={what} detail={ui.t.noRoom} back={{ href: "/console/chat", label: ui.t.backToChat }} />);
}

/** What the pin form was sent with, kept when the API refuses it. */
interface PinTyped {
  listing?: string;
  note?: string;
}

/**
 * The host's view of a live room. The pin form is a plain POST to this server (which publishes the product
 * message as the host through the chat API), so pinning works without JavaScript; with it, the room script
 * publishes over the room's socket instead. Each render carries a fresh `clientMsgId`: a resubmitted form
 * pins once.
 */
async function LivePage(c: Context<SfEnv>, room: { id: string; title: string | null }, opts: { problem?: Problem; typed?: PinTyped } = {}) {
  const ui = c.get("ui");
  const { t } = ui;
  const { data } = await sellerApi(c, { "accept-language": "en" }).GET("/v1/catalog/listings", { params: { query: { limit: 50, locale: "en" } } });
  const listings = (data?.items ?? []).filter((l) => l.status !== "held");
  const { problem, typed } = opts;
  const listingError = fieldError(problem, "body.listingId");
  const noteError = fieldError(problem, "body.note");
  const orphan = problem && !listingError && !noteError ? problem.detail : undefined;
  const pinned = Number(c.req.query("pinned"));
  const title = room.title ?? t.liveRoom;
  return c.html(
    <ConsolePage ui={ui} title={title} signedIn scripts={["/sf/room.js"]} data={roomData(c, room.id, true)}>
      <h1>{title}</h1>
      <p>
        {ui.f("youHost", { id: room.id })} <a href={`/live/${room.id}`}>/live/{room.id}</a>
      </p>
      <div class="two">
        <section aria-labelledby="pin-heading">
          <h2 id="pin-heading">{t.pinProduct}</h2>
          <form id="pin-form" method="post" action={`/console/live/${room.id}/pin`}>
            <input type="hidden" name="clientMsgId" value={`pin-${crypto.randomUUID()}`} />
            <Field id="pin-listing" label={t.pinListing} error={listingError}>
              <select name="listing" required {...described("pin-listing", listingError)}>
                {listings.map((l) => (
                  <option value={l.id} selected={l.id === typed?.listing}>
                    {l.title} ({l.sku})
                  </option>
                ))}
              </select>
            </Field>
            <Field id="pin-note" label={t.pinNote} error={noteError}>
              <input name="note" maxlength={1000} value={typed?.note ?? ""} {...described("pin-note", noteError)} />
            </Field>
            <button type="submit">{t.pinButton}</button>
            <p id="pin-status" role="status" class={orphan ? "bad" : undefined}>
              {orphan ?? (Number.isInteger(pinned) && pinned > 0 ? ui.f("pinnedSeq", { seq: pinned }) : "")}
            </p>
          </form>
          <h2 id="pins-heading">{t.pinned}</h2>
          <ul id="pins" class="grid" aria-labelledby="pins-heading">
            <li class="empty muted">{chatWords(c).noPins}</li>
          </ul>
        </section>
        <div>
          <noscript>
            <p class="notice">{t.chatNeedsJs}</p>
          </noscript>
          <ChatPanel t={chatWords(c)} />
        </div>
      </div>
      <p class="muted">{t.moderationHelp}</p>
    </ConsolePage>,
  );
}

/** The host's view of a live room (pin a product, moderate) and the seller's side of a buyer's question. */
export function registerConsoleRooms(app: Hono<SfEnv>) {
  app.get("/console/live/:roomId", async (c) => {
    const room = await sellerRoom(c, c.req.param("roomId"));
    if (!room || room.kind !== "live") return missing(c, c.get("ui").t.liveRoom);
    return LivePage(c, room);
  });

  app.post("/console/live/:roomId/pin", async (c) => {
    const room = await sellerRoom(c, c.req.param("roomId"));
    if (!room || room.kind !== "live") return missing(c, c.get("ui").t.liveRoom);
    const form = await c.req.parseBody();
    const typed: PinTyped = { listing: String(form.listing ?? ""), note: String(form.note ?? "").trim() };
    const clientMsgId = String(form.clientMsgId ?? "") || `pin-${crypto.randomUUID()}`;
    const { data, error, response } = await sellerApi(c).POST("/v1/chat/rooms/{id}/messages", {
      params: { path: { id: room.id } },
      body: { userId: SELLER_ID, role: "host", clientMsgId, body: { kind: "product", listingId: typed.listing!, ...(typed.note ? { note: typed.note } : {}) } },
    });
    // A refused key ends the session; a 403 from the room itself (muted, not allowed) is shown beside the form.
    if (response.status === 401 || (response.status === 403 && (error as Problem | undefined)?.code === "secret_key_required")) return signOut(c, "revoked");
    if (data) return c.redirect(`/console/live/${room.id}?pinned=${data.seq}`, 303);
    c.status(response.status === 429 ? 429 : response.status >= 500 ? 503 : 400);
    return LivePage(c, room, { problem: asProblem(error, response.status), typed });
  });

  app.get("/console/ask/:roomId", async (c) => {
    const ui = c.get("ui");
    const room = await sellerRoom(c, c.req.param("roomId"));
    if (!room || room.kind !== "direct") return missing(c, ui.t.conversation);
    return c.html(
      <ConsolePage ui={ui} title={ui.t.buyerQuestion} signedIn scripts={["/sf/room.js"]} data={roomData(c, room.id, false)}>
        <h1>{room.title ?? ui.t.buyerQuestion}</h1>
        <p class="muted">
          {ui.t.conversation} <code>{room.id}</code>
        </p>
        <ChatPanel t={chatWords(c)} />
      </ConsolePage>,
    );
  });
}
