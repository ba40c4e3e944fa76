import type { MessageFrame, Pin, Role, ServerFrame } from "../../../../shared/chat/protocol";
import type { ReadBusy } from "../domain/bucket";
import type { ModerationEntry, ModerationPage } from "../domain/moderation-replay";
import type { RoomRecord } from "../store/room-store";

/** What rooms and shards have in common with their callers: who acts, and the answers the room's calls give shards. */

/** The keep-alive the runtime answers for rooms and shards alike, without waking them (`setWebSocketAutoResponse`). */
export const PING = '{"type":"ping"}';
export const PONG = '{"type":"pong"}';

export interface Actor {
  userId: string;
  role: Role;
}

export type PublishResult = { ok: true; seq: number; duplicate: boolean } | { ok: false; error: ServerFrame };

/** A read the room refused: its read budget is spent for now (LIVE_READ_RULE). */
export type { ReadBusy };

/** A page of a viewer's resume read from the room, or its refusal. */
export type ReplayAnswer = { items: MessageFrame[]; latestSeq: number } | ReadBusy;
/** A page of the room's moderation for a viewer's resume older than what its shard holds, with the room's head; or its refusal. */
export type ModerationAnswer = (ModerationPage & { head: number }) | ReadBusy;
/** A history page over HTTP, refused for now (`busy`), or not for this reader (`forbidden`). */
export type HistoryAnswer = { items: MessageFrame[]; latestSeq: number; lastReadSeq?: number; unread?: number } | ReadBusy | { forbidden: true };

/** What a shard needs to serve a live room: the record, recent history, who is banned, the moderation it has seen and the pins. */
export interface ShardBoot {
  room: RoomRecord;
  latestSeq: number;
  tail: MessageFrame[];
  removed: string[];
  modHead: number;
  /** The room's last moderation entries (up to MODERATION_TAIL), up to `modHead`; absent from a room deployed before it. */
  modTail?: ModerationEntry[];
  pins: Pin[];
}
