/**
 * How many sockets a Durable Object holds, without `getWebSockets()` on every connect. That call builds an array of
 * every socket: measured in workerd at about 0.45 µs a socket (4 ms at 9,000, so ~9 ms at a shard's 20,000), twice
 * per connect, so a full shard's audience coming back after a deploy cost O(n²), minutes of CPU. The runtime is asked
 * at most once per `refreshMs` (and on the first use after a wake); between, each accept and close moves the count by
 * one. A close the runtime never reports to the handler (a socket it dropped, one the object closed itself) is
 * forgotten by the next refresh; a cap that would turn a connect away asks for a fresh count first (`get(now, maxAgeMs)`).
 */
export class SocketCount {
  private n = 0;
  private at = -Infinity;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly refreshMs = 1000,
  ) {}

  /** The sockets held, as the runtime said at most `maxAgeMs` ago plus the accepts and closes since. */
  get(now: number, maxAgeMs = this.refreshMs): number {
    if (now - this.at >= maxAgeMs) {
      this.n = this.ctx.getWebSockets().length;
      this.at = now;
    }
    return this.n;
  }

  accepted(): void {
    this.n += 1;
  }

  closed(): void {
    this.n = Math.max(0, this.n - 1);
  }
}
