// The chat demo page: the SDK in a browser. Open /demo/chat#room=<id>&token=<chat token>.
import { ChatClient, type MessageFrame } from "../../../shared/chat/sdk";

const params = new URLSearchParams(location.hash.slice(1));
const roomId = params.get("room") ?? "";
const token = params.get("token") ?? "";
const $ = (id: string) => document.getElementById(id)!;
const list = $("messages");
const input = $("text") as HTMLInputElement;

const client = new ChatClient({ baseUrl: location.origin, roomId, token });
let me = "";
const online = new Set<string>();
const showOnline = () => ($("online").textContent = `${online.size} online`);

function bodyText(m: MessageFrame): string {
  const b = m.body;
  if (!b) return "message deleted";
  switch (b.kind) {
    case "text":
    case "system":
      return b.text;
    case "image":
      return `🖼 image ${b.width}×${b.height}`;
    case "video":
      return `🎬 video ${b.durationMs / 1000}s`;
    case "product":
      return `🛍 product ${b.listingId}`;
    case "order":
      return `📦 order ${b.orderId}`;
  }
}

function render(m: MessageFrame) {
  const row = document.createElement("div");
  row.className = `msg${m.from === me ? " mine" : ""}${m.body ? "" : " deleted"}`;
  row.dataset.seq = String(m.seq);
  const from = document.createElement("div");
  from.className = "from";
  from.textContent = `${m.from} · #${m.seq}`;
  const text = document.createElement("div");
  text.className = "text";
  text.textContent = bodyText(m);
  row.append(from, text);
  list.append(row);
  list.scrollTop = list.scrollHeight;
}

client.on("hello", (h) => {
  me = h.userId;
  $("room").textContent = `Room ${h.roomId}`;
  online.clear();
  for (const u of h.online) online.add(u);
  showOnline();
});
client.on("state", (s) => ($("state").textContent = s));
client.on("message", render);
client.on("presence", (p) => {
  if (p.status === "join") online.add(p.userId);
  else online.delete(p.userId);
  showOnline();
});
client.on("typing", (t) => ($("typing").textContent = t.typing ? `${t.userId} is typing…` : ""));
client.on("deleted", (d) => {
  const row = list.querySelector(`[data-seq="${d.seq}"] .text`);
  if (row) row.textContent = "message deleted";
});

function send() {
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  client.publish({ kind: "text", text }).catch((err: Error) => ($("typing").textContent = `not sent: ${err.message}`));
}
$("send").addEventListener("click", send);
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter") send();
  else client.typing(true);
});

if (roomId && token) client.connect();
else $("state").textContent = "open this page as /demo/chat#room=<id>&token=<chat token>";
