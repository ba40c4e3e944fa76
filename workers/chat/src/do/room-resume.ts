import { RESUME_PAGE, RESUME_RETRY_VERSION, type MessageFrame, type ServerFrame } from "../../../../shared/chat/protocol";
import { SERVER_PAGE_COST } from "../domain/bucket";
import { moderationReplay, type ModerationPage } from "../domain/moderation-replay";
import { canModerate } from "../domain/permissions";
import type { UserBudgets } from "./budgets";
import { type Conn, errorFrame, send } from "./sockets";

/** Where an ordinary room's resumes read: its messages and its moderation log, how far each goes, and the `synced` frame for a user. */
export interface ResumeSource {
  after(afterSeq: number, limit: number): MessageFrame[];
  latestSeq(): number;
  moderation(afterMod: number, limit: number): ModerationPage;
  modHead(): number;
  synced(userId: string): ServerFrame;
}

/**
 * An ordinary room's resumes, one page a turn: a resume from 0 in a long room must not hold the room for everyone
 * else. A client from protocol 2 asks for each next page itself (`page`). One that names no version (written to the
 * contract: every message, then `synced`) is sent the next pages by the room, each in a turn of its own and charged to
 * the user's frame budget (SERVER_PAGE_COST), waiting while that is spent: a long replay is paced as the SDK's page
 * requests are. A later resume on the socket ends the one under way. Every page a member is sent spends their `reads`
 * share (READ_RULE), as at a live shard: a page is up to 200 sends, so a free one let a member resuming in a loop
 * make the room send ~6,000 frames a second. Refused, a client from protocol 2 is told (`rate_limited` naming
 * afterSeq, which the SDK asks again after); for one the room pages itself, the room waits and goes on.
 *
 * A resume naming `afterMod` (the last moderation id the client applied) is first sent the moderation logged after it,
 * a page (RESUME_PAGE entries) a read as messages are, or `reload` when the room no longer keeps all of it; once the
 * client is caught up the same answer goes on with the messages, spending a read of its own. Without `afterMod`, none.
 */
export class RoomResumes {
  /** Resumes the room is paging itself, per socket: the latest one's turn, so an earlier one stops. */
  private readonly turns = new Map<WebSocket, number>();

  constructor(
    private readonly source: ResumeSource,
    private readonly budgets: UserBudgets,
  ) {}

  async resume(ws: WebSocket, conn: Conn, afterSeq: number, afterMod?: number): Promise<void> {
    const turn = (this.turns.get(ws) ?? 0) + 1;
    this.turns.set(ws, turn);
    const clientPaged = (conn.v ?? 1) >= RESUME_RETRY_VERSION;
    try {
      for (;;) {
        const read = canModerate(conn.role) ? ({ ok: true } as const) : this.budgets.take(conn.userId, "reads", Date.now());
        if (!read.ok) {
          if (clientPaged) {
            return send(ws, errorFrame("rate_limited", "Too many resume pages; resume again shortly.", { afterSeq, retryAfterMs: read.retryAfterMs }));
          }
          await new Promise((r) => setTimeout(r, read.retryAfterMs));
          if (ws.readyState !== WebSocket.OPEN || this.turns.get(ws) !== turn) return;
          continue;
        }
        const modHead = this.source.modHead();
        if (afterMod !== undefined && afterMod < modHead) {
          const replay = moderationReplay(this.source.moderation(afterMod, RESUME_PAGE), afterMod, modHead);
          for (const f of replay.frames) send(ws, f);
          afterMod = replay.next;
          if (afterMod >= modHead) continue;
          if (clientPaged) return send(ws, { type: "page", seq: afterSeq, latestSeq: this.source.latestSeq() });
        } else {
          const page = this.source.after(afterSeq, RESUME_PAGE);
          for (const m of page) send(ws, m);
          const last = page[page.length - 1]?.seq ?? afterSeq;
          const latestSeq = this.source.latestSeq();
          if (last >= latestSeq) return send(ws, this.source.synced(conn.userId));
          if (clientPaged) return send(ws, { type: "page", seq: last, latestSeq });
          afterSeq = last;
        }
        const spent = this.budgets.charge(conn.userId, Date.now(), SERVER_PAGE_COST);
        await new Promise((r) => setTimeout(r, spent.debt > 0 ? spent.retryAfterMs : 0));
        if (ws.readyState !== WebSocket.OPEN || this.turns.get(ws) !== turn) return;
      }
    } finally {
      if (this.turns.get(ws) === turn) this.turns.delete(ws);
    }
  }
}
