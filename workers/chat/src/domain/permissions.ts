import type { MessageBody, Role } from "../../../../shared/chat/protocol";

/** Hosts and moderators keep order in a room; members only talk. */
export const canModerate = (role: Role): boolean => role === "host" || role === "moderator";

const RANK: Record<Role, number> = { member: 0, moderator: 1, host: 2 };

/** Whether `actor` may mute or remove someone of `target`'s role: only someone below them (a moderator never a host, nor another moderator). */
export const outranks = (actor: Role, target: Role): boolean => RANK[actor] > RANK[target];

/** The higher of two roles. */
export const higherRole = (a: Role, b: Role): Role => (RANK[b] > RANK[a] ? b : a);

/** System messages speak for the room, so only those who moderate may publish them. */
export const canPublish = (role: Role, body: MessageBody): boolean => body.kind !== "system" || canModerate(role);

/** Unread count of a member: messages after the last one they read. */
export const unreadCount = (latestSeq: number, lastReadSeq: number): number => Math.max(0, latestSeq - lastReadSeq);

/** Whether a member is muted at `now`: they may not publish, and their typing and read receipts are not relayed. */
export const isMuted = (member: { mutedUntil: string | null }, now: number): boolean => member.mutedUntil !== null && Date.parse(member.mutedUntil) > now;
