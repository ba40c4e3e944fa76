import type { UiLocale } from "./locale";

/** The words of the chat pages (ask the seller, live shopping); page script gets the few it shows. */
const en = {
  askSeller: "Ask the seller",
  askTitle: "Your question to the seller",
  liveTitle: "Live shopping",
  chat: "Chat",
  message: "Message",
  send: "Send",
  pinned: "Pinned by the host",
  noPins: "Nothing pinned yet.",
  mediaNode: "Video node",
  rtt: "estimated round trip {ms} ms",
  noMedia: "No video node can serve this room right now.",
  needsJs: "The chat needs JavaScript.",
  roomMissing: "This room does not exist or has ended.",
  deleted: "message deleted",
  you: "you",
} as const;

export type ChatMessages = { readonly [K in keyof typeof en]: string };

const de: ChatMessages = {
  askSeller: "Verkäufer fragen",
  askTitle: "Ihre Frage an den Verkäufer",
  liveTitle: "Live-Shopping",
  chat: "Chat",
  message: "Nachricht",
  send: "Senden",
  pinned: "Vom Host angeheftet",
  noPins: "Noch nichts angeheftet.",
  mediaNode: "Video-Knoten",
  rtt: "geschätzte Umlaufzeit {ms} ms",
  noMedia: "Derzeit kann kein Video-Knoten diesen Raum bedienen.",
  needsJs: "Der Chat braucht JavaScript.",
  roomMissing: "Diesen Raum gibt es nicht oder er ist beendet.",
  deleted: "Nachricht gelöscht",
  you: "Sie",
};

const fr: ChatMessages = {
  askSeller: "Demander au vendeur",
  askTitle: "Votre question au vendeur",
  liveTitle: "Shopping en direct",
  chat: "Discussion",
  message: "Message",
  send: "Envoyer",
  pinned: "Épinglé par l’hôte",
  noPins: "Rien d’épinglé pour l’instant.",
  mediaNode: "Nœud vidéo",
  rtt: "aller-retour estimé {ms} ms",
  noMedia: "Aucun nœud vidéo ne peut servir ce salon pour l’instant.",
  needsJs: "La discussion nécessite JavaScript.",
  roomMissing: "Ce salon n’existe pas ou est terminé.",
  deleted: "message supprimé",
  you: "vous",
};

const es: ChatMessages = {
  askSeller: "Preguntar al vendedor",
  askTitle: "Tu pregunta al vendedor",
  liveTitle: "Compras en directo",
  chat: "Chat",
  message: "Mensaje",
  send: "Enviar",
  pinned: "Fijado por el anfitrión",
  noPins: "Aún no hay nada fijado.",
  mediaNode: "Nodo de vídeo",
  rtt: "ida y vuelta estimada {ms} ms",
  noMedia: "Ningún nodo de vídeo puede atender esta sala ahora.",
  needsJs: "El chat necesita JavaScript.",
  roomMissing: "Esta sala no existe o ha terminado.",
  deleted: "mensaje eliminado",
  you: "tú",
};

const ja: ChatMessages = {
  askSeller: "出品者に質問する",
  askTitle: "出品者への質問",
  liveTitle: "ライブショッピング",
  chat: "チャット",
  message: "メッセージ",
  send: "送信",
  pinned: "ホストのピン留め",
  noPins: "まだピン留めはありません。",
  mediaNode: "映像ノード",
  rtt: "推定往復時間 {ms} ms",
  noMedia: "現在この配信を担当できる映像ノードがありません。",
  needsJs: "チャットには JavaScript が必要です。",
  roomMissing: "このルームは存在しないか、終了しました。",
  deleted: "削除されたメッセージ",
  you: "あなた",
};

const zhHans: ChatMessages = {
  askSeller: "咨询卖家",
  askTitle: "您向卖家提出的问题",
  liveTitle: "直播购物",
  chat: "聊天",
  message: "消息",
  send: "发送",
  pinned: "主播置顶",
  noPins: "暂无置顶商品。",
  mediaNode: "视频节点",
  rtt: "预计往返时间 {ms} 毫秒",
  noMedia: "目前没有可服务此直播间的视频节点。",
  needsJs: "聊天需要 JavaScript。",
  roomMissing: "该房间不存在或已结束。",
  deleted: "消息已删除",
  you: "您",
};

const ar: ChatMessages = {
  askSeller: "اسأل البائع",
  askTitle: "سؤالك إلى البائع",
  liveTitle: "التسوق المباشر",
  chat: "الدردشة",
  message: "رسالة",
  send: "إرسال",
  pinned: "مثبّت من المضيف",
  noPins: "لا شيء مثبّت بعد.",
  mediaNode: "عقدة الفيديو",
  rtt: "زمن الذهاب والإياب المقدّر {ms} مللي ثانية",
  noMedia: "لا توجد عقدة فيديو يمكنها خدمة هذه الغرفة الآن.",
  needsJs: "تحتاج الدردشة إلى JavaScript.",
  roomMissing: "هذه الغرفة غير موجودة أو انتهت.",
  deleted: "رسالة محذوفة",
  you: "أنت",
};

export const CHAT_MESSAGES: Record<UiLocale, ChatMessages> = { en, de, fr, es, ja, "zh-Hans": zhHans, ar };
