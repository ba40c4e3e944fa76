import { CLOSE } from "../../../../shared/chat/protocol";
import { connOf, errorFrame, send } from "./sockets";

/**
 * Least time between two sweeps of one object: a token is enforced at most this late, and an object of 20,000
 * sockets reads their attachments at most this often.
 */
const SWEEP_GAP_MS = 10_000;

/**
 * Token expiry for sockets that never send a frame (a viewer that only listens; the SDK's pings are answered by the
 * runtime and never reach the object). An alarm, which lets the object hibernate, is kept at the earliest expiry of
 * its sockets; it closes the sockets whose token expired (4001: the SDK fetches a fresh token and reconnects, so a
 * revoked role or access ends with the token that granted it) and re-arms for the earliest left.
 */
export class TokenExpiry {
  constructor(private readonly ctx: DurableObjectState) {}

  /** After a socket was accepted: an alarm no later than its token's expiry (epoch seconds). */
  async watch(exp: number): Promise<void> {
    const at = exp * 1000;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** The alarm: closes every socket whose token expired, then arms for the earliest expiry left, if any. */
  async sweep(now = Date.now()): Promise<void> {
    let earliest = Infinity;
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const { exp } = connOf(ws);
      if (exp * 1000 > now) {
        earliest = Math.min(earliest, exp * 1000);
        continue;
      }
      send(ws, errorFrame("token_expired", "The chat token expired; reconnect with a new one."));
      try {
        ws.close(CLOSE.tokenExpired, "token expired");
      } catch {
        // already closing
      }
    }
    if (earliest < Infinity) await this.ctx.storage.setAlarm(Math.max(earliest, now + SWEEP_GAP_MS));
  }
}
