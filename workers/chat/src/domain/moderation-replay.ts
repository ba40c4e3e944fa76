import type { ServerFrame } from "../../../../shared/chat/protocol";

/** One entry of a room's moderation log: a `deleted` or `moderation` frame and its id (one more than the one before). */
export interface ModerationEntry {
  id: number;
  frame: ServerFrame;
}

/** Entries of a room's log after an id, oldest first, and its floor: ids at or below it are no longer kept (`MODERATION_KEPT`). */
export interface ModerationPage {
  items: ModerationEntry[];
  floor: number;
}

/** A logged moderation frame as clients get it: naming its id, which they send back as `afterMod` when they resume. */
export const withModId = (frame: ServerFrame, modId: number): ServerFrame => ({ ...frame, modId }) as ServerFrame;

/**
 * What a resume that asked after `afterMod` is sent of the moderation up to `upTo` (the room's head, or what a shard
 * has relayed): the entries after it, in order, or one `reload` when some of those were pruned (the page's floor is
 * above it); and the id the client has applied up to then.
 */
export function moderationReplay(page: ModerationPage, afterMod: number, upTo: number): { frames: ServerFrame[]; next: number } {
  if (afterMod < page.floor) return { frames: [{ type: "reload", modHead: upTo }], next: upTo };
  const items = page.items.filter((m) => m.id > afterMod && m.id <= upTo);
  // Ids above the floor have no gaps, so a page comes back empty only past the head: moving on cannot skip one, and
  // staying would have the client ask for the same empty page for good.
  return { frames: items.map((m) => withModId(m.frame, m.id)), next: items.at(-1)?.id ?? upTo };
}
