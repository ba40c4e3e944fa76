import type { MessageBody, Role } from "../../../../shared/chat/protocol";

/** Hosts and moderators keep order in a room; members only talk. */
export const canModerate = (role: Role): boolean => role === "host" || role === "moderator";

/** System messages speak for the room, so only those who moderate may publish them. */
export const canPublish = (role: Role, body: MessageBody): boolean => body.kind !== "system" || canModerate(role);

/** Unread count of a member: messages after the last one they read. */
export const unreadCount = (latestSeq: number, lastReadSeq: number): number => Math.max(0, latestSeq - lastReadSeq);

/** Whether a member is muted at `now`: they may not publish, and their typing and read receipts are not relayed. */
export const isMuted = (member: { mutedUntil: string | null }, now: number): boolean => member.mutedUntil !== null && Date.parse(member.mutedUntil) > now;
