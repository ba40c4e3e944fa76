import type { MessageBody, Role } from "../../../../shared/chat/protocol";

/** Pins a room keeps, newest first: a long show's host pins a product now and then, and older pins drop off past this. */
export const MAX_PINS = 50;

/**
 * The listing a message pins, if any: a host's product message pins its listing (pinned again, it moves up); anyone
 * else's product message is only chat. Pins are kept by the room as they happen, so a client never needs the room's
 * history to know them.
 */
export const pinnedListing = (role: Role, body: MessageBody): string | null => (role === "host" && body.kind === "product" ? body.listingId : null);
