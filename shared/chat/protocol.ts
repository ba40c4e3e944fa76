/**
 * The chat wire protocol: every frame a client or the server may send, as zod
 * schemas. The room Durable Object validates what it receives with these and
 * the SDK builds what it sends from them, so both ends agree by construction.
 * Nothing here may import Workers- or Node-specific code.
 */
import { z } from "zod";

/** Largest text frame a socket may send (bytes); a bigger one is answered with an error frame and closes the socket (1009). */
export const MAX_FRAME_BYTES = 16 * 1024;
/** Limits per message kind: text length and the size of media a message may point at. */
export const LIMITS = {
  textChars: 4000,
  captionChars: 1000,
  urlChars: 2048,
  mediaPixels: 16384,
  videoMaxMs: 3 * 60 * 60 * 1000,
  clientMsgIdChars: 64,
} as const;

const url = z.url({ protocol: /^https?$/ }).max(LIMITS.urlChars);
const dimension = z.number().int().min(1).max(LIMITS.mediaPixels);
const caption = z.string().max(LIMITS.captionChars).optional();

export const TextBody = z.strictObject({ kind: z.literal("text"), text: z.string().min(1).max(LIMITS.textChars) });
export const ImageBody = z.strictObject({
  kind: z.literal("image"),
  url,
  width: dimension,
  height: dimension,
  thumbUrl: url.optional(),
  caption,
});
export const VideoBody = z.strictObject({
  kind: z.literal("video"),
  url,
  width: dimension,
  height: dimension,
  durationMs: z.number().int().min(1).max(LIMITS.videoMaxMs),
  posterUrl: url.optional(),
  caption,
});
/** A catalog listing the client renders from `GET /v1/catalog/listings/:id`. */
export const ProductBody = z.strictObject({
  kind: z.literal("product"),
  listingId: z.string().regex(/^lst_[0-9A-Z]{26}$/, "must be a listing id (lst_…)"),
  note: z.string().max(LIMITS.captionChars).optional(),
});
export const OrderBody = z.strictObject({
  kind: z.literal("order"),
  orderId: z.string().min(1).max(64),
  status: z.string().max(32).optional(),
  note: z.string().max(LIMITS.captionChars).optional(),
});
/** Announcements by hosts and moderators (members may not publish these). */
export const SystemBody = z.strictObject({
  kind: z.literal("system"),
  text: z.string().min(1).max(LIMITS.textChars),
  event: z.string().max(32).optional(),
});

export const MessageBody = z.discriminatedUnion("kind", [TextBody, ImageBody, VideoBody, ProductBody, OrderBody, SystemBody]);
export type MessageBody = z.infer<typeof MessageBody>;

export const Role = z.enum(["member", "host", "moderator"]);
export type Role = z.infer<typeof Role>;

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const userId = z.string().min(1).max(128);
export const ClientMsgId = z.string().min(1).max(LIMITS.clientMsgIdChars).regex(/^[\w.:-]+$/, "letters, digits, _ . : - only");

/**
 * A moderation frame's own id, as a publish has one: the room applies a frame once per sender and id (a frame sent
 * again after a lost answer is answered `applied` with `duplicate: true`), answers `applied` naming it, and names it
 * in a refusal, so a client can send it again. Optional: clients from before it send none and get no `applied`.
 */
const moderationId = { clientMsgId: ClientMsgId.optional() };

/** Frames a client sends. */
export const ClientFrame = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("publish"), clientMsgId: ClientMsgId, body: MessageBody }),
  /**
   * `afterMod`: the last moderation id (`modId`) the client applied. The server replays the room's moderation after it
   * (deletes, mutes, removals made while the client was away) before `synced`; absent, it replays none, as before.
   */
  z.strictObject({ type: z.literal("resume"), afterSeq: seq, afterMod: seq.optional() }),
  z.strictObject({ type: z.literal("typing"), typing: z.boolean().default(true) }),
  z.strictObject({ type: z.literal("read"), seq }),
  z.strictObject({ type: z.literal("ping") }),
  z.strictObject({ type: z.literal("mute"), userId, seconds: z.number().int().min(1).max(30 * 86400), ...moderationId }),
  z.strictObject({ type: z.literal("remove"), userId, ...moderationId }),
  z.strictObject({ type: z.literal("delete"), seq: seq.min(1), ...moderationId }),
]);
export type ClientFrame = z.input<typeof ClientFrame>;
export type ParsedClientFrame = z.output<typeof ClientFrame>;
/** The moderation frames (delete, mute, remove) as the room receives them. */
export type ModerationFrame = Extract<ParsedClientFrame, { type: "delete" | "mute" | "remove" }>;

/** A stored message as every member sees it; a deleted one keeps its seq with `body: null`. */
export interface MessageFrame {
  type: "message";
  seq: number;
  id: string;
  clientMsgId: string;
  from: string;
  /**
   * The sender's role in the room when they published it: what the pin rule (a host's product message pins its
   * listing) needs to be applied to history. Absent on messages stored before rooms recorded it.
   */
  role?: Role;
  at: string;
  body: MessageBody | null;
  deletedAt?: string;
}

/** A listing the room's host pinned (a host's product message, at `seq`); a delete of that message unpins it. */
export interface Pin {
  seq: number;
  listingId: string;
}

/** Frames the server sends. */
export type ServerFrame =
  /**
   * The first frame on every connection. `pins` are the room's current pins, newest first, as of `seq`: a client that
   * starts near the room's head (the SDK's `tail`) still shows them, without reading the history that made them.
   */
  | {
      type: "hello";
      roomId: string;
      kind: RoomKind;
      userId: string;
      role: Role;
      seq: number;
      lastReadSeq: number;
      unread: number;
      online: string[];
      pins: Pin[];
      /**
       * The room takes a moderation frame's `clientMsgId` (applies it once, answers `applied`). Absent from a room
       * deployed before it, whose strict frames refuse the field: a client then sends moderation without one.
       */
      moderationIds?: true;
      /**
       * The room's latest moderation id as of this connection: where a client starts counting moderation it has applied
       * (`modId`), to send as `afterMod` when it resumes. Absent from a room deployed before it, whose strict frames
       * refuse `afterMod`: a client then sends none.
       */
      modHead?: number;
    }
  | { type: "ack"; clientMsgId: string; seq: number; duplicate?: boolean }
  /**
   * The answer to a moderation frame that carried a `clientMsgId`: it was applied (`duplicate`: already, when an earlier
   * send of it was, and nothing was applied again). Everyone in the room also sees its `deleted` or `moderation` frame.
   */
  | { type: "applied"; clientMsgId: string; duplicate?: boolean }
  | MessageFrame
  | { type: "synced"; seq: number; lastReadSeq: number; unread: number }
  /**
   * A resume is answered a page at a time (`RESUME_PAGE` messages): this ends
   * a page that stopped at `seq` while messages up to `latestSeq` remain. The
   * client asks for the next page with `resume { afterSeq: seq }`; the last
   * page ends with `synced` instead. A page of replayed moderation (`afterMod`)
   * ends with one too, while more moderation remains: the client asks again
   * with the last `modId` it applied.
   */
  | { type: "page"; seq: number; latestSeq: number }
  | { type: "presence"; userId: string; status: "join" | "leave" }
  | { type: "typing"; userId: string; typing: boolean }
  | { type: "read"; userId: string; seq: number }
  /**
   * Moderation, live or replayed by a resume (`afterMod`), so possibly for a seq the client already has. `modId`: its id
   * in the room's moderation log, one more than the one before (absent from rooms deployed before it).
   */
  | { type: "deleted"; seq: number; by: string; at: string; modId?: number }
  | { type: "moderation"; action: "mute" | "remove"; userId: string; by: string; until?: string; modId?: number }
  /**
   * The moderation a resume asked after (`afterMod`) is older than the room keeps (`MODERATION_KEPT` entries), so it
   * cannot be replayed: deletes among the messages the client shows may be missing. The client should fetch those
   * messages again (history) and counts moderation on from `modHead`.
   */
  | { type: "reload"; modHead: number }
  | { type: "pong" }
  /**
   * A refused frame: `clientMsgId` names a refused publish or moderation, `afterSeq` a refused resume (from that seq), so the
   * client knows which to send again after `retryAfterMs` when the code is worth retrying. `dropped`: frames were dropped
   * unread (the sender's frame budget was overdrawn), so none is named and this one answer stands for all of them: a
   * client sends again, after `retryAfterMs`, whatever it still awaits an answer to.
   */
  | { type: "error"; code: ErrorCode; message: string; clientMsgId?: string; afterSeq?: number; retryAfterMs?: number; dropped?: true };

export type RoomKind = "direct" | "group" | "live";

/** Error codes of `error` frames; `rate_limited` and `room_busy` are worth retrying, the rest are not. */
export type ErrorCode =
  | "invalid_frame"
  | "frame_too_large"
  | "rate_limited"
  | "room_busy"
  | "muted"
  | "forbidden"
  | "not_found"
  | "token_expired"
  | "not_supported";

export { CLOSE } from "./close";
export { CLOSE_REFUSAL_VERSION, PROTOCOL_VERSION, RESUME_RETRY_VERSION } from "./version";

/** Messages one resume answer carries at most before a `page` frame; keeps each turn of the room (or shard) short. */
export const RESUME_PAGE = 200;
/**
 * Moderation entries (deletes, mutes, removals) a room keeps for resumes and its shards: the newest 1,000. A client
 * further behind is answered `reload` instead of a replay: at most five pages of replay, and a room moderated for
 * years keeps ~200 KB of log, not all of it.
 */
export const MODERATION_KEPT = 1000;
/** Connections one user may hold to one room (or live-room shard) at once: phones, laptops and a few tabs. */
export const MAX_SOCKETS_PER_USER = 5;
