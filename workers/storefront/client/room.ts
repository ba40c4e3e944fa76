// A chat room in a storefront or console page (live shopping, ask the seller, the host's view), through
// the chat SDK. Tokens come from this origin (minted server-side for this room only); product cards are
// HTML the server rendered in the viewer's language and currency. The SDK's core is imported without
// its zod check to keep this script small: the room validates every frame anyway.
import { ChatClient } from "../../../shared/chat/sdk/client";
import type { MessageFrame } from "../../../shared/chat/protocol";
import type { RoomPageData } from "../src/chat/page-data";
import { CARD_REQUEST, cardHtml } from "./card";
import { pinOnPage, pinsDropped } from "./room-pins";

const data = JSON.parse(document.getElementById("page-data")!.textContent!) as RoomPageData;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;
const log = $("log")!;
const state = $("chat-state")!;
const form = $<HTMLFormElement>("chat-form")!;
const input = $<HTMLInputElement>("chat-text")!;
const pins = $("pins");
let me = "";

async function token(): Promise<string> {
  const res = await fetch(data.tokenUrl, { method: "POST", headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => ({}))) as { token?: string; detail?: string };
  if (!res.ok || !body.token) throw new Error(body.detail ?? `no chat token (${res.status})`);
  return body.token;
}

/**
 * A live room's page starts from its last TAIL messages (the SDK's `tail`), enough to show recent chat: a viewer
 * joining a long show reads those, not the whole history, and the host's pins come whole with `hello`. Questions to
 * the seller (the other rooms here) are conversations, read from the start.
 */
const TAIL = 200;
const live = data.roomId.startsWith("live_");
const client = new ChatClient({ baseUrl: location.origin, roomId: data.roomId, token, ...(live ? { tail: TAIL } : {}) });
/**
 * Pins up to this seq came with the last `hello`; the host's product messages after it pin as they arrive. 0 when that
 * hello had none: every host product message pins, replayed ones too (`pinOnPage`).
 */
let pinnedUpTo = 0;

const cards = new Map<string, Promise<string>>();
/** A listing's card, asked once per page; an unknown or unavailable listing shows its id. */
function card(listingId: string): Promise<string> {
  let html = cards.get(listingId);
  if (!html) {
    html = fetch(data.cardUrl + encodeURIComponent(listingId), CARD_REQUEST).then(cardHtml);
    cards.set(listingId, html);
  }
  return html;
}

function el(tag: string, className: string, text = "") {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** What someone wrote, in whatever script they wrote it: its direction from its own first strong character. */
function said(className: string, text: string) {
  const node = el("div", className, text);
  node.dir = "auto";
  return node;
}

function bodyNode(m: MessageFrame): HTMLElement {
  const b = m.body;
  if (!b) return el("div", "text deleted", data.t.deleted);
  switch (b.kind) {
    case "text":
    case "system":
      return said("text", b.text);
    case "product": {
      const box = said("product", b.note ?? "");
      const slot = el("div", "", b.listingId);
      box.append(slot);
      card(b.listingId).then(
        (html) => (slot.innerHTML = html),
        () => undefined,
      );
      const listing = pins && data.pins ? pinOnPage(m, data.hostId, pinnedUpTo) : null;
      if (listing) pin(listing, m.seq);
      return box;
    }
    case "image":
    case "video":
      return said("text", b.caption ?? b.kind);
    case "order":
      return el("div", "text", `${b.orderId} ${b.status ?? ""}`);
  }
}

/** The host's latest pin first; a listing pinned again moves up, and the room's oldest past its cap drop off. */
function pin(listingId: string, seq: number) {
  const shown = Array.from(pins!.querySelectorAll<HTMLElement>(".pin"));
  for (const id of pinsDropped(shown.map((li) => li.dataset.pin!), listingId)) shown.find((li) => li.dataset.pin === id)?.remove();
  pins!.querySelector(`[data-pin="${CSS.escape(listingId)}"]`)?.remove();
  pins!.querySelector(".empty")?.remove();
  const li = el("li", "pin");
  li.dataset.pin = listingId;
  li.dataset.seq = String(seq);
  card(listingId).then((html) => (li.innerHTML = html), () => (li.textContent = listingId));
  pins!.prepend(li);
}

function moderation(m: MessageFrame): HTMLElement {
  const box = el("div", "mod");
  const act = (label: string, run: () => boolean) => {
    const b = el("button", "secondary", label) as HTMLButtonElement;
    b.type = "button";
    b.addEventListener("click", () => {
      if (!run()) state.textContent = "Not connected: try again in a moment.";
    });
    box.append(b);
  };
  act(`Delete #${m.seq}`, () => client.deleteMessage(m.seq));
  act(`Mute ${m.from} 10 min`, () => client.mute(m.from, 600));
  act(`Remove ${m.from}`, () => client.remove(m.from));
  return box;
}

function render(m: MessageFrame) {
  const li = el("li", m.from === me ? "mine" : "");
  li.dataset.seq = String(m.seq);
  li.dataset.from = m.from;
  li.append(el("div", "from", `${m.from === me ? data.t.you : m.from} · #${m.seq}`), bodyNode(m));
  if (data.moderate && m.from !== me && m.body) li.append(moderation(m));
  log.append(li);
  log.scrollTop = log.scrollHeight;
}

client.on("hello", (h) => {
  me = h.userId;
  // Every connect's hello has the pins as they are now: deletes or pins missed while offline included. A room from
  // before rooms kept their pins sends none for what its host pinned then: the messages the tail replays pin them by
  // the rule (a host's product message pins its listing, a delete unpins; by the role each records, else by hostId),
  // kept by a reconnect whose hello has none.
  if (pins && data.pins) {
    if (h.pins.length > 0 || pinnedUpTo > 0) pins.querySelectorAll(".pin").forEach((li) => li.remove());
    for (const p of [...h.pins].reverse()) pin(p.listingId, p.seq);
    pinnedUpTo = h.pins.length > 0 ? h.seq : 0;
  }
  if (data.about) void client.publish({ kind: "product", listingId: data.about }, { clientMsgId: `about-${data.about}` }).catch(() => undefined);
});
client.on("state", (s) => {
  state.textContent = s;
  state.dataset.state = s;
  // Each (re)connect replays history: read out only what arrives after it, not up to 200 old messages at once.
  if (s === "syncing") log.setAttribute("aria-live", "off");
});
client.on("synced", () => log.setAttribute("aria-live", "polite"));
client.on("message", render);
client.on("deleted", (d) => {
  const row = log.querySelector(`[data-seq="${d.seq}"]`);
  row?.querySelector(".text, .product")?.replaceWith(el("div", "text deleted", data.t.deleted));
  row?.querySelector(".mod")?.remove();
  pins?.querySelector(`[data-seq="${d.seq}"]`)?.remove();
});
// The room no longer keeps the moderation made since this page last heard it (over 1,000 entries away): what the log
// shows may hold deleted messages, so the page is fetched again as it is now.
client.on("reload", () => location.reload());
client.on("moderation", (m) => (state.textContent = `${m.userId}: ${m.action}${m.until ? ` until ${m.until}` : ""} (${m.by})`));
client.on("error", (e) => (state.textContent = "message" in e ? e.message : String(e)));

form.hidden = false;
form.addEventListener("submit", (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  client.publish({ kind: "text", text }).catch((err: Error) => (state.textContent = err.message));
});

// The host's pin form (console): publishes a product message; every page in the room renders its card.
const pinForm = $<HTMLFormElement>("pin-form");
if (pinForm) {
  pinForm.hidden = false;
  pinForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const f = new FormData(pinForm);
    const note = String(f.get("note") ?? "").trim();
    client
      .publish({ kind: "product", listingId: String(f.get("listing")), ...(note ? { note } : {}) })
      .then(({ seq }) => ($("pin-status")!.textContent = `Pinned (#${seq}).`))
      .catch((err: Error) => ($("pin-status")!.textContent = err.message));
  });
}

client.connect();
