import type { MessageBody, MessageFrame, Role } from "./protocol";

/** Pins a room keeps, newest first: a long show's host pins a product now and then, and older pins drop off past this. */
export const MAX_PINS = 50;

/**
 * The pin rule: a host's product message pins its listing (pinned again, it moves up); anyone else's product message
 * is only chat. The room applies it as messages arrive and keeps the pins (`hello` carries them: the authority, as a
 * tombstone no longer says what its message pinned); a client can apply it to history, since every message records
 * its sender's role. Its own module, free of zod, so a page can import it with the SDK's core.
 */
export const pinnedListing = (role: Role, body: MessageBody): string | null => (role === "host" && body.kind === "product" ? body.listingId : null);

/**
 * The listing a stored message pins, by the rule above and the role it records. Null for a deleted message, and for one
 * stored before rooms recorded roles: who sent it as what is not known, and the sender's role now need not be theirs then.
 */
export const messagePin = (m: Pick<MessageFrame, "role" | "body">): string | null => (m.role && m.body ? pinnedListing(m.role, m.body) : null);
