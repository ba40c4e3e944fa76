import { missingStatus } from "./problem-page";
import type { Context, Hono } from "hono";
import { idempotencyKey, idempotencyKeyOf, idempotent } from "../../../../../shared/client";
import { asProblem, sellerApi } from "../../api";
import type { Buyer } from "../../buyer";
import { mintToken, readRoom, SELLER_ID } from "../../chat/identity";
import { MESSAGES } from "../../i18n/messages";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { ListFilter, oneOf, Pager } from "../../views/inbox";
import { ListingCard } from "../../views/shop";
import { refused, signOut } from "./session";
import { DataTable } from "../../views/table";

/** The console speaks English; product cards in it use the English words (tax label) and catalog text. */
const SELLER_VIEW: Buyer = { locale: "en", dir: "ltr", t: MESSAGES.en, country: null, currency: null, apiHeaders: { "accept-language": "en" }, location: null, catalogLocale: "en" };

/** Where the console shows a room of each kind it has a page for. */
export const ROOM_PAGE = { live: "/console/live/", direct: "/console/ask/" } as const;

const KINDS = ["direct", "live"] as const;

/** The chat hub: the shop's conversations (buyers' questions, live rooms) newest first, starting a live room, opening one by id. */
async function ChatHub(c: Context<SfEnv>, opts: { error?: string; liveError?: string } = {}) {
  const ui = c.get("ui");
  const { t } = ui;
  const kind = oneOf(KINDS, c.req.query("kind"));
  const cursor = c.req.query("cursor") || undefined;
  const { data, error, response } = await sellerApi(c).GET("/v1/chat/rooms", { params: { query: { limit: 25, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) } } });
  if (refused(response.status)) return signOut(c, "revoked");
  return c.html(
    <ConsolePage ui={ui} title={t.chat} signedIn>
      <h1>{t.chat}</h1>
      <h2 id="rooms-heading">{t.conversations}</h2>
      <ListFilter ui={ui} action="/console/chat" name="kind" label={t.kindFilter} allLabel={t.filterAll} value={kind} options={KINDS.map((k) => ({ value: k, label: ui.word("kind_", k) }))} />
      <DataTable
        problem={data ? undefined : asProblem(error, response.status).detail}
        empty={t.noConversations}
        labelledBy="rooms-heading"
        caption={t.conversationsCaption}
        rows={data?.items}
        columns={[t.colRoom, t.colKind, t.colWith, t.colStarted]}
        row={(r) => (
          <tr data-room={r.id} data-kind={r.kind}>
            <td>{r.kind === "group" ? r.title ?? r.id : <a href={ROOM_PAGE[r.kind] + r.id}>{r.title ?? t.untitled}</a>}</td>
            <td>{ui.word("kind_", r.kind)}</td>
            <td>{r.kind === "direct" ? r.members.filter((m) => m !== SELLER_ID).join(", ") : t.none}</td>
            <td>
              <time datetime={r.createdAt}>{ui.dateTime(r.createdAt)}</time>
            </td>
          </tr>
        )}
      />
      <Pager ui={ui} action="/console/chat" params={{ kind }} nextCursor={data?.nextCursor} paged={Boolean(cursor)} />
      <h2>{t.startLive}</h2>
      <form method="post" action="/console/live">
        <input type="hidden" name="idempotencyKey" value={idempotencyKey("live")} />
        <Field id="title" label={t.showTitle} error={opts.liveError}>
          <input name="title" required maxlength={200} {...described("title", opts.liveError)} />
        </Field>
        <button type="submit">{t.startLiveButton}</button>
      </form>
      <h2>{t.openRoom}</h2>
      <p>{t.openRoomWhy}</p>
      <form method="get" action="/console/chat/open">
        <Field id="room" label={t.roomId} hint={t.roomIdHint} error={opts.error}>
          <input name="room" required pattern="(room|live)_[0-9A-Za-z_]+" {...described("room", opts.error, true)} />
        </Field>
        <button type="submit">{t.open}</button>
      </form>
    </ConsolePage>,
  );
}

/** A room of the seller's tenant by id, or null when the tenant has none by that id; throws `PlatformBusy` when the platform cannot say. */
export async function sellerRoom(c: Context<SfEnv>, roomId: string) {
  return readRoom(c.env, c.get("session")!.key, roomId);
}

/**
 * The console's chat hub (the shop's conversations, start a live room, open a room by id), and what its room script asks for:
 * a token for the seller in one room (host of a live room, member of a direct one) and product cards.
 */
export function registerConsoleChat(app: Hono<SfEnv>) {
  app.get("/console/chat", (c) => ChatHub(c));

  app.get("/console/chat/open", async (c) => {
    const room = await sellerRoom(c, c.req.query("room")?.trim() ?? "");
    if (!room || room.kind === "group") {
      c.status(404);
      return ChatHub(c, { error: c.get("ui").t.noSuchRoom });
    }
    return c.redirect(ROOM_PAGE[room.kind] + room.id, 303);
  });

  app.post("/console/live", async (c) => {
    const form = await c.req.parseBody();
    const title = String(form.title ?? "").trim().slice(0, 200);
    // A double submit of one rendered form opens one room; a form without a key (an old page) still opens one.
    const key = idempotencyKeyOf(form.idempotencyKey, "live") ?? idempotencyKey("live");
    const { data, response } = await sellerApi(c).POST("/v1/chat/rooms", { body: { kind: "live", ...(title ? { title } : {}) }, ...idempotent(key) });
    if (refused(response.status)) return signOut(c, "revoked");
    if (!data) {
      c.status(503);
      return ChatHub(c, { liveError: c.get("ui").f("roomNotCreated", { status: response.status }) });
    }
    return c.redirect(ROOM_PAGE.live + data.id, 303);
  });

  app.post("/console/chat/token", async (c) => {
    const key = c.get("session")!.key;
    const room = await sellerRoom(c, c.req.query("room") ?? "");
    if (!room || room.kind === "group") return c.json({ status: 404, code: "room_not_found", detail: "No such room in your shop." }, 404);
    const token = await mintToken(c.env, key, SELLER_ID, room.id, room.kind === "live" ? "host" : "member");
    return token ? c.json({ token }) : c.json({ status: 503, code: "unavailable", detail: "No chat token; try again." }, 503);
  });

  app.get("/console/chat/card/:id", async (c) => {
    const { data, response } = await sellerApi(c, SELLER_VIEW.apiHeaders).GET("/v1/catalog/listings/{id}", {
      params: { path: { id: c.req.param("id") }, query: { locale: "en" } },
    });
    if (!data) return c.text("Listing not found.", missingStatus(response.status));
    return c.html(<ListingCard listing={data} buyer={SELLER_VIEW} heading="h3" />);
  });
}
