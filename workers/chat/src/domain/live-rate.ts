import type { BucketRule } from "./bucket";

/**
 * Frames one shard sends its viewers a second: half its one thread at the measured c = 40.7 µs of server CPU per
 * delivered frame (docs/chat-fanout.md, "Capacity model"; an upper bound: it includes the room's write, the RPCs and
 * loopback TCP): 0.5 s / 40.7 µs ≈ 12,285, rounded down. The other half is headroom for connects (a reconnect storm
 * after a deploy is 1.94 ms of CPU a connect), resumes and the frames viewers send.
 */
export const SHARD_FRAMES_PER_SECOND = 12_000;

/** Viewers one shard holds before a connect is turned away (`shard_full`), unless wrangler.toml's LIVE_SHARD_MAX_VIEWERS says otherwise. */
export const LIVE_SHARD_MAX_VIEWERS = 20_000;

/** The configured cap on viewers per shard (LIVE_SHARD_MAX_VIEWERS in the Worker's vars). */
export const maxViewersPerShard = (env: { LIVE_SHARD_MAX_VIEWERS?: string }): number => Number(env.LIVE_SHARD_MAX_VIEWERS) || LIVE_SHARD_MAX_VIEWERS;

/** What a live room's sequencer accepts at most, whatever the audience: well under the ~1,000 requests/s a Durable Object serves. */
export const SEQUENCER_RULE: BucketRule = { capacity: 400, perSecond: 200 };

/** A live room's burst, in seconds of its sustained rate: a full shard sends a burst in ~5 s of its thread. */
const BURST_SECONDS = 10;

/**
 * What a live room accepts, everyone together, when its fullest shard holds `viewers`. Every message is one frame to
 * every viewer of every shard, so that shard sends rate × viewers frames a second, and the rate it can carry is
 * SHARD_FRAMES_PER_SECOND / viewers, in bursts of BURST_SECONDS of it; never more than the sequencer's SEQUENCER_RULE
 * (200/s, burst 400), which holds up to 12,000 / 200 = 60 viewers a shard.
 *
 * A full shard (LIVE_SHARD_MAX_VIEWERS = 20,000): 12,000 / 20,000 = **0.6 messages a second** (36 a minute), in bursts
 * of 6 (120,000 frames, ~4.9 s of the shard's thread). 2,500 a shard (100,000 viewers on 40 shards): 4.8/s, burst 48.
 * The old flat 200/s was 4 M frames/s for a full shard: 160 s of its thread for every second of chat.
 */
export function liveRoomRule(viewers: number, framesPerSecond = SHARD_FRAMES_PER_SECOND): BucketRule {
  const perSecond = Math.min(SEQUENCER_RULE.perSecond, framesPerSecond / Math.max(1, viewers));
  return { perSecond, capacity: Math.min(SEQUENCER_RULE.capacity, Math.max(1, Math.floor(perSecond * BURST_SECONDS))) };
}

/**
 * Tokens of the room's publish bucket the audience leaves to hosts and moderators: half the burst. The room has one
 * bucket for everyone, so hosts and moderators together never publish more than the shards can send, however many
 * tokens the seller mints; the audience may spend it only down to this reserve, so a crowd that spent its part cannot
 * turn the host's product pins away, and below it what refills is the staff's first.
 */
export const staffReserve = (rule: BucketRule): number => Math.floor(rule.capacity / 2);

/**
 * One audience member's share of the room's publish rule: a tenth of it (at least one message every 30 s), in bursts
 * of a tenth (at least 1). A full shard's 0.6/s gives one member 1 message every ~17 s, so one script cannot take
 * the 3 tokens the audience may spend; up to 60 viewers a shard it is 20/s, above the shard's own per-user 10/s.
 */
export const audienceMemberRule = (rule: BucketRule): BucketRule => ({
  perSecond: Math.max(rule.perSecond / 10, 1 / 30),
  capacity: Math.max(1, Math.floor(rule.capacity / 10)),
});

/**
 * How long the room counts a listed shard it has not heard from as full (since it first needed its count): a
 * delivery answers within milliseconds, so after a restart the first publish's deliveries settle it at once. One
 * silent that long is failing or gone (its viewers get no frames meanwhile either), and viewers hash evenly over a
 * room's shards, so the other shards' counts stand for it; counted full for good, it held the whole room at a full
 * shard's 0.6 messages a second for as long as it stayed silent.
 */
export const UNHEARD_SHARD_MS = 5_000;

/**
 * How many viewers each shard of a live room holds, as the shards last said (`attachShard`, each delivery's answer,
 * and a connect that grew a shard by a quarter since it last said): the room's publish rate follows the fullest.
 * A shard not heard from since this instance started is taken to be full for UNHEARD_SHARD_MS, so a room that
 * restarted is cautious until its first delivery answers; then it no longer counts.
 */
export class ShardAudience {
  private readonly viewers = new Map<number, number>();
  /** When `fullest` first needed a shard's count and had none. */
  private readonly unheardSince = new Map<number, number>();

  /**
   * A shard's count. An answer that names none (a shard with no viewer to say so: never booted, or leaving) keeps the
   * last known (a re-attach may have said it just before), else 0: never left unheard, which would count as full.
   */
  report(k: number, viewers: number | undefined): void {
    this.viewers.set(k, viewers ?? this.viewers.get(k) ?? 0);
    this.unheardSince.delete(k);
  }

  forget(k: number): void {
    this.viewers.delete(k);
    this.unheardSince.delete(k);
  }

  /** Viewers on the fullest of `shards`, counting one not heard from as `full` for UNHEARD_SHARD_MS, then not at all. */
  fullest(shards: number[], full: number, now: number): number {
    let most = 0;
    for (const k of shards) {
      const known = this.viewers.get(k);
      if (known !== undefined) most = Math.max(most, known);
      else {
        if (!this.unheardSince.has(k)) this.unheardSince.set(k, now);
        if (now - this.unheardSince.get(k)! < UNHEARD_SHARD_MS) most = Math.max(most, full);
      }
    }
    return most;
  }
}

/** Whether a shard that last told the room of `reported` viewers should tell it of `viewers` now: it grew by a quarter. */
export const worthReporting = (viewers: number, reported: number): boolean => viewers > 0 && viewers >= reported * 1.25;
