import { env, runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { ChangeLog } from "../src/domain/change-log";
import type { Point } from "../src/domain/geo";
import { eligibility, indexNodes, nearestItems, type NodeIndex } from "../src/domain/nearest";
import { applySync, snapshotNodes, type NodeSync, type SyncCursor } from "../src/domain/node-sync";
import type { ResidencyPolicy } from "../src/domain/residency";
import { liveSnapshot, registry } from "../src/registry";
import { freshTenant } from "./helpers";

const TTL = Number(env.NODE_TTL_MS);

const inRegistry = <T>(t: string, fn: (obj: MediaRegistry, state: DurableObjectState) => T | Promise<T>) => runInDurableObject(registry(env, t), fn);

/** The registry binding as this module's lookups see it, keeping each answer its snapshot calls get. */
function recordingRegistry() {
  const real = (env as Env).REGISTRY as DurableObjectNamespace<MediaRegistry>;
  const answers: NodeSync[] = [];
  const REGISTRY = {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id);
      return {
        snapshot: async (since?: SyncCursor | null) => {
          const answer = (await stub.snapshot(since)) as NodeSync;
          answers.push(answer);
          return answer;
        },
      };
    },
  };
  return { answers, env: { ...(env as Env), SNAPSHOT_MAX_AGE_MS: "0", REGISTRY } as unknown as Env };
}

/** What a refresh carried: whole nodes, heartbeats, removed ids. */
const carried = (a: NodeSync) =>
  a.kind === "full" ? { kind: a.kind, nodes: a.nodes.length } : a.kind === "delta" ? { kind: a.kind, nodes: a.nodes.map((n) => n.id), beats: a.beats.map((b) => b[0]).sort(), removed: a.removed, policy: a.policy !== undefined } : { kind: a.kind };

const define = (id: string, i = 0) => ({ id, url: `wss://${id}.media.test`, region: "europe" as const, lat: 48 + i * 0.1, lon: 2 + i * 0.1, capacity: 100, residency: i % 2 ? "DE" : "FR" });

/** The lookups a buyer at each origin from each country gets at `now`: items and how residency applied. */
function answers(index: NodeIndex, policy: ResidencyPolicy, now: number) {
  const origins: Point[] = [{ lat: 48.86, lon: 2.35 }, { lat: 50.1, lon: 8.7 }, { lat: 40.7, lon: -74 }];
  return origins.flatMap((o) =>
    [null, "DE", "FR", "US"].map((country) => {
      const lookup = eligibility(index, now, policy, country);
      return { residency: lookup.residency.kind, items: nearestItems(index, lookup, [o], 5, -1).items };
    }),
  );
}

describe("an isolate's copy of the registry's nodes", () => {
  afterEach(() => vi.useRealTimers());

  it("is refreshed with what changed since the cursor it holds: joins and redefinitions whole, heartbeats alone, removals by id, or nothing", async () => {
    const t = freshTenant();
    const ids = Array.from({ length: 50 }, (_, i) => `node-${i}`);
    await inRegistry(t, (obj) => {
      ids.forEach((id, i) => obj.putNode(define(id, i)));
      for (const id of ids) obj.heartbeat(id, 0.1, true);
    });
    const rec = recordingRegistry();
    const first = await liveSnapshot(rec.env, t, () => undefined);
    expect(carried(rec.answers[0]!)).toEqual({ kind: "full", nodes: 50 });

    // Through another isolate: two heartbeats (one turns its node unhealthy), a join, a removal, a redefinition.
    await inRegistry(t, (obj) => {
      obj.heartbeat("node-1", 0.5, true);
      obj.heartbeat("node-2", 0.1, false);
      obj.putNode(define("node-new", 60));
      obj.heartbeat("node-new", 0.2, true);
      obj.deleteNode("node-3");
      obj.putNode({ ...define("node-4", 4), capacity: 500 });
    });
    const second = await liveSnapshot(rec.env, t, () => undefined);
    expect(carried(rec.answers[1]!)).toEqual({ kind: "delta", nodes: ["node-new", "node-4"], beats: ["node-1", "node-2"], removed: ["node-3"], policy: false });

    const byId = (s: { index: NodeIndex }) => new Map(s.index.nodes.map((n) => [n.id, n]));
    const [before, after] = [byId(first), byId(second)];
    // A node unchanged keeps its object; the changed ones are what the registry says now.
    expect(after.get("node-10")).toBe(before.get("node-10"));
    expect([after.has("node-2"), after.has("node-3"), after.get("node-1")!.load, after.get("node-4")!.capacity, after.has("node-new")]).toEqual([false, false, 0.5, 500, true]);

    await liveSnapshot(rec.env, t, () => undefined);
    expect(carried(rec.answers[2]!)).toEqual({ kind: "unchanged" });
    await inRegistry(t, (obj) => void obj.putPolicy({ rules: [{ buyers: ["US"], nodes: "EU", mode: "require" }] }));
    const fourth = await liveSnapshot(rec.env, t, () => undefined);
    expect(carried(rec.answers[3]!)).toEqual({ kind: "delta", nodes: [], beats: [], removed: [], policy: true });
    expect(fourth.policy.rules[0]!.buyers).toEqual(["US"]);
  });

  it("starts again from the whole set after the registry restarts (a new epoch: its changes are counted afresh)", async () => {
    const t = freshTenant();
    await inRegistry(t, (obj) => {
      for (const id of ["a-1", "b-1"]) obj.putNode(define(id));
      obj.heartbeat("a-1", 0.1, true);
      obj.heartbeat("b-1", 0.1, true);
    });
    const rec = recordingRegistry();
    await liveSnapshot(rec.env, t, () => undefined);
    await inRegistry(t, (_obj, state) => state.abort("restarted")).catch(() => undefined);
    // The restarted registry counts its changes from 0 again: past the isolate's cursor (2) by its third, which alone
    // would not say b-1 was removed. The epoch tells the two counts apart.
    await inRegistry(t, (obj) => {
      obj.deleteNode("b-1");
      obj.heartbeat("a-1", 0.1, true);
      obj.heartbeat("a-1", 0.7, true);
    });
    const after = await liveSnapshot(rec.env, t, () => undefined);
    expect(rec.answers.map((a) => a.kind)).toEqual(["full", "full"]);
    expect(after.index.nodes.map((n) => [n.id, n.load])).toEqual([["a-1", 0.7]]);
  });

  it("answers every lookup as a copy taken whole would, through joins, heartbeats, removals, policy changes and nodes falling silent", async () => {
    const id = fc.constantFrom("n-a", "n-b", "n-c", "n-d");
    const where = { lat: fc.integer({ min: 35, max: 55 }), lon: fc.integer({ min: -80, max: 15 }), capacity: fc.constantFrom(0, 1, 100, 100), residency: fc.constantFrom(null, "DE", "FR", "US") };
    const op = fc.oneof(
      // Registered and heard from at once (the usual join), or (re)defined alone.
      { weight: 3, arbitrary: fc.record({ op: fc.constant("join" as const), id, ...where }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("put" as const), id, ...where }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant("beat" as const), id, load: fc.constantFrom(0, 0.1, 0.5, 0.89, 0.9, 1), healthy: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), id }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant("policy" as const), rules: fc.constantFrom<ResidencyPolicy["rules"]>([], [{ buyers: "EU", nodes: "EU", mode: "require" }], [{ buyers: ["US"], nodes: "in-country", mode: "prefer" }]) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant("wait" as const), ms: fc.constantFrom(1, 1000, TTL / 2, TTL, TTL + 1, 3 * TTL) }) },
      { weight: 4, arbitrary: fc.record({ op: fc.constant("lookup" as const) }) },
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    let clock = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40, size: "max" }), async (ops) => {
        const t = freshTenant();
        const rec = recordingRegistry();
        for (const o of [...ops, { op: "lookup" as const }]) {
          if (o.op === "wait") vi.setSystemTime((clock += o.ms));
          else if (o.op === "lookup") {
            const copy = await liveSnapshot(rec.env, t, () => undefined);
            const whole = await inRegistry(t, (obj) => obj.snapshot());
            const mirror = applySync(undefined, whole)!;
            const wholeIndex = indexNodes(snapshotNodes(mirror, whole.at, whole.ttlMs), whole.ttlMs);
            expect(copy.policy).toEqual(whole.policy);
            // Now, and later with no refresh in between (nodes fall silent in the isolate on their own).
            for (const later of [0, 1, TTL / 2, TTL + 1]) expect(answers(copy.index, copy.policy, clock + later)).toEqual(answers(wholeIndex, whole.policy, clock + later));
          } else
            await inRegistry(t, (obj) => {
              if (o.op === "put" || o.op === "join") {
                obj.putNode({ ...define(o.id), lat: o.lat, lon: o.lon, capacity: o.capacity, residency: o.residency });
                if (o.op === "join") obj.heartbeat(o.id, 0.1, true);
              } else if (o.op === "beat") obj.heartbeat(o.id, o.load, o.healthy);
              else if (o.op === "delete") obj.deleteNode(o.id);
              else if (o.op === "policy") obj.putPolicy({ rules: o.rules });
            });
        }
        // Past the first lookup, every refresh was a change set: nothing made the registry resend the whole set.
        expect(rec.answers.slice(1).every((a) => a.kind !== "full")).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe("the registry's change log", () => {
  it("answers the changes since a version once each, a node's kind by its latest, and null once it no longer reaches back", () => {
    const log = new ChangeLog("e1");
    log.holds("old");
    log.defined("a");
    const v1 = log.version;
    log.beat("a");
    log.beat("old");
    log.beat("old");
    log.removed("gone");
    log.policy();
    expect(log.since(v1)).toEqual({ defined: [], beaten: ["a", "old"], removed: ["gone"], policy: true });
    expect(log.since(0)).toEqual({ defined: ["a"], beaten: ["old"], removed: ["gone"], policy: true });
    expect(log.since(log.version)).toEqual({ defined: [], beaten: [], removed: [], policy: false });
    expect(log.since(log.version + 1)).toBeNull();
    // Removed and back since: whole.
    log.removed("a");
    log.defined("a");
    expect(log.since(v1)?.defined).toEqual(["a"]);
    // Two nodes: it keeps 4 × 2 + 1,024 changes, and drops its older half past twice that.
    for (let i = 0; i < 2 * (4 * 2 + 1024); i++) log.beat("a");
    expect(log.since(v1)).toBeNull();
    expect(log.since(log.version - 1032)).toEqual({ defined: [], beaten: ["a"], removed: [], policy: false });
  });
});
