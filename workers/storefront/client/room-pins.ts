// Which listing a message the room page receives adds to `#pins`. Pure, so it is tested apart from the page.
import { MAX_PINS, messagePin } from "../../../shared/chat/pins";
import type { MessageFrame } from "../../../shared/chat/protocol";

/**
 * The listing `m` pins on the page, or null. Messages up to `pinnedUpTo` (the seq of the last `hello` that named the
 * room's pins; 0 when it named none) are already in those pins. Past it, a message that records its sender's role pins
 * by the room's own rule (`messagePin`: a host's product message). One stored before rooms recorded roles is guessed
 * by who sent it: a product message from `hostId` is the host's, the rule rooms used before they kept pins.
 */
export function pinOnPage(m: Pick<MessageFrame, "seq" | "from" | "role" | "body">, hostId: string, pinnedUpTo: number): string | null {
  if (m.seq <= pinnedUpTo) return null;
  if (m.role) return messagePin(m);
  return m.from === hostId && m.body?.kind === "product" ? m.body.listingId : null;
}

/**
 * The pins (listing ids, newest first) that drop off the page when `listingId` is pinned: as the room does, a listing
 * pinned again moves up and past MAX_PINS the oldest go, so a page rebuilding pins from a long replay shows what the
 * room's next `hello` will.
 */
export function pinsDropped(shown: readonly string[], listingId: string, max = MAX_PINS): string[] {
  return shown.filter((id) => id !== listingId).slice(max - 1);
}
