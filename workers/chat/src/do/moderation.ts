import type { ModerationFrame, ParsedClientFrame, ServerFrame } from "../../../../shared/chat/protocol";
import { canModerate, outranks } from "../domain/permissions";
import type { RoomStore } from "../store/room-store";
import type { Actor } from "./room-api";
import { errorFrame } from "./sockets";

/** What moderation needs of the room: its store, a way to tell every viewer, and to close a removed user's sockets. */
export interface ModeratedRoom {
  store: RoomStore;
  emitModeration(frame: ServerFrame): void;
  closeUser(userId: string): void;
}

/**
 * Applies a moderation frame, once per sender and clientMsgId: a frame sent again after its answer was lost (a shard's
 * room call that threw after the room applied it, a dropped socket) is answered `applied` with `duplicate` and
 * changes nothing. The answer for the sender: an error naming the frame's clientMsgId, `applied`, or null for a frame
 * without one (from a client before it), which gets no answer when it is applied.
 */
export function moderate(room: ModeratedRoom, actor: Actor, frame: ParsedClientFrame): ServerFrame | null {
  if (frame.type !== "mute" && frame.type !== "remove" && frame.type !== "delete") return errorFrame("not_supported", `${frame.type} is not handled here.`);
  const { clientMsgId } = frame;
  const named = clientMsgId ? { clientMsgId } : {};
  if (!canModerate(actor.role)) return errorFrame("forbidden", "Only hosts and moderators may do that.", named);
  if (!clientMsgId) return apply(room, actor, frame, named);
  // What was asked, without its id: the same id for another frame is refused rather than answered as if applied.
  const request = JSON.stringify({ ...frame, clientMsgId: undefined });
  const earlier = room.store.moderationRequest(actor.userId, clientMsgId);
  if (earlier !== null) {
    return earlier === request ? { type: "applied", clientMsgId, duplicate: true } : errorFrame("invalid_frame", `clientMsgId ${clientMsgId} was used for another moderation frame.`, named);
  }
  const error = apply(room, actor, frame, named);
  if (error) return error;
  room.store.recordModerationRequest(actor.userId, clientMsgId, request, Date.now());
  return { type: "applied", clientMsgId };
}

/** Applies one moderation frame and tells the room; an error (naming the frame as `named` says) when there was nothing to apply it to. */
function apply({ store, emitModeration, closeUser }: ModeratedRoom, actor: Actor, frame: ModerationFrame, named: { clientMsgId?: string }): ServerFrame | null {
  const at = new Date().toISOString();
  if (frame.type === "delete") {
    if (!store.markDeleted(frame.seq, actor.userId, at)) return errorFrame("not_found", `There is no message ${frame.seq}.`, named);
    store.unpin(frame.seq);
    emitModeration({ type: "deleted", seq: frame.seq, by: actor.userId, at });
    return null;
  }
  // A moderator cannot mute or remove the host, nor another moderator: removal is for good (docs/chat-fanout.md).
  const target = store.knownRole(frame.userId);
  if (!outranks(actor.role, target)) return errorFrame("forbidden", `A ${actor.role} may not ${frame.type} a ${target}.`, named);
  if (frame.type === "mute") {
    const until = new Date(Date.now() + frame.seconds * 1000).toISOString();
    store.mute(frame.userId, until);
    emitModeration({ type: "moderation", action: "mute", userId: frame.userId, by: actor.userId, until });
    return null;
  }
  store.remove(frame.userId);
  emitModeration({ type: "moderation", action: "remove", userId: frame.userId, by: actor.userId });
  closeUser(frame.userId);
  return null;
}
