import type { ChatMessages } from "../i18n/chat-messages";

/** What the room script (`/sf/room.js`) is told by the page: where to get tokens and cards, and what to show. */
export interface RoomPageData {
  roomId: string;
  /** POSTed (same origin, no body) for a fresh chat token on every connect: `{ token }`. */
  tokenUrl: string;
  /** `cardUrl + listingId` answers a product card as HTML the server rendered and escaped. */
  cardUrl: string;
  /** The host's user id: a product message from it, stored before rooms recorded the sender's role, is taken as a pin. */
  hostId: string;
  /** Show the host's pins in `#pins` too. */
  pins: boolean;
  /** Offer delete / mute / remove on others' messages (the token's role decides whether the room obeys). */
  moderate: boolean;
  /** A listing to post once as a product message (idempotent by its clientMsgId): what the question is about. */
  about?: string;
  t: Pick<ChatMessages, "deleted" | "you">;
}

