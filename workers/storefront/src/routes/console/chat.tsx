import type { Context, Hono } from "hono";
import { apiClient } from "../../api";
import type { Buyer } from "../../buyer";
import { mintToken, readRoom, SELLER_ID } from "../../chat/identity";
import { MESSAGES } from "../../i18n/messages";
import type { SfEnv } from "../../types";
import { ConsolePage, described, Field } from "../../views/console";
import { ListingCard } from "../../views/shop";
import { signOut } from "./session";

/** The console speaks English; product cards in it use the English words (tax label) and catalog text. */
const SELLER_VIEW: Buyer = { locale: "en", dir: "ltr", t: MESSAGES.en, country: null, currency: null, apiHeaders: { "accept-language": "en" }, location: null, catalogLocale: "en" };

const ROOM_PAGE = { live: "/console/live/", direct: "/console/ask/" } as const;

function ChatHub({ error }: { error?: string }) {
  return (
    <ConsolePage title="Chat" signedIn>
      <h1>Chat</h1>
      <h2>Start a live room</h2>
      <form method="post" action="/console/live">
        <Field id="title" label="Title of the show">
          <input name="title" required maxlength={200} {...described("title")} />
        </Field>
        <button type="submit">Start the live room</button>
      </form>
      <h2>Open a room</h2>
      <p>A buyer's question opens a conversation with its own room id; a live room keeps its id for the whole show.</p>
      <form method="get" action="/console/chat/open">
        <Field id="room" label="Room id" hint="room_… for a buyer's question, live_… for a live room" error={error}>
          <input name="room" required pattern="(room|live)_[0-9A-Za-z_]+" {...described("room", error, true)} />
        </Field>
        <button type="submit">Open</button>
      </form>
    </ConsolePage>
  );
}

/** A room of the seller's tenant by id, or null when the tenant has none by that id. */
export async function sellerRoom(c: Context<SfEnv>, roomId: string) {
  return readRoom(c.env, c.get("session")!.key, roomId);
}

/**
 * The console's chat hub (start a live room, open a room by id), and what its room script asks for:
 * a token for the seller in one room (host of a live room, member of a direct one) and product cards.
 */
export function registerConsoleChat(app: Hono<SfEnv>) {
  app.get("/console/chat", (c) => c.html(<ChatHub />));

  app.get("/console/chat/open", async (c) => {
    const room = await sellerRoom(c, c.req.query("room")?.trim() ?? "");
    if (!room || room.kind === "group") {
      c.status(404);
      return c.html(<ChatHub error="No live room or buyer conversation of your shop has this id." />);
    }
    return c.redirect(ROOM_PAGE[room.kind] + room.id, 303);
  });

  app.post("/console/live", async (c) => {
    const title = String((await c.req.parseBody()).title ?? "").trim().slice(0, 200);
    const { data, response } = await apiClient(c.env, c.get("session")!.key).POST("/v1/chat/rooms", { body: { kind: "live", ...(title ? { title } : {}) } });
    if (response.status === 401 || response.status === 403) return signOut(c, "revoked");
    if (!data) {
      c.status(503);
      return c.html(<ChatHub error={`The room could not be created (${response.status}); try again.`} />);
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
    const { data, response } = await apiClient(c.env, c.get("session")!.key, SELLER_VIEW.apiHeaders).GET("/v1/catalog/listings/{id}", {
      params: { path: { id: c.req.param("id") }, query: { locale: "en" } },
    });
    if (!data) return c.text("Listing not found.", response.status === 404 ? 404 : 503);
    return c.html(<ListingCard listing={data} buyer={SELLER_VIEW} heading="h3" />);
  });
}
