import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { MediaRegistry } from "../src/do/registry";
import { registry } from "../src/registry";
import { addNodes, beat, call, CITIES, freshTenant, nearest, WORLD } from "./helpers";

const TTL = Number(env.NODE_TTL_MS);
const FROM_PARIS = "lat=48.86&lon=2.35&count=5";

const inRegistry = <T>(t: string, fn: (obj: MediaRegistry, state: DurableObjectState) => T | Promise<T>) => runInDurableObject(registry(env, t), fn);

/**
 * Ends the tenant's registry object as an eviction or a deploy does: its next call meets a new instance on the
 * same storage. Checks that it did: a mark left on the old instance is gone.
 */
async function restart(t: string) {
  await inRegistry(t, (obj) => ((obj as unknown as { mark: boolean }).mark = true));
  await inRegistry(t, (_obj, state) => state.abort("restarted")).catch(() => undefined);
  expect(await inRegistry(t, (obj) => (obj as unknown as { mark?: boolean }).mark)).toBeUndefined();
}

/** Sets when the registry last wrote heartbeats: in the future holds back every write not urgent. */
const lastWriteAt = (t: string, at: number) =>
  inRegistry(t, (obj) => ((obj as unknown as { heartbeatStore: { writtenAt: number } }).heartbeatStore.writtenAt = at));

/** The node's heartbeat as storage holds it (the registry's one snapshot row), read behind the registry's back. */
const storedBeat = (t: string, id: string) =>
  inRegistry(t, (_obj, state) => {
    const [row] = state.storage.sql.exec<{ state: string }>("SELECT state FROM heartbeat_state WHERE id = 1").toArray();
    const beat = (JSON.parse(row?.state ?? "[]") as [string, number, number, number][]).find(([nodeId]) => nodeId === id);
    return beat ? { load: beat[1], healthy: beat[2], last_seen: beat[3] } : null;
  });

/** Rewrites one node's stored heartbeat as seen `ms` ago. */
const ageStoredBeat = (t: string, id: string, ms: number) =>
  inRegistry(t, (_obj, state) =>
    state.storage.sql.exec(
      "UPDATE heartbeat_state SET state = (SELECT json_group_array(CASE WHEN json_extract(value, '$[0]') = ? THEN json_set(value, '$[3]', ?) ELSE json(value) END) FROM json_each(state)) WHERE id = 1",
      id,
      Date.now() - ms,
    ),
  );

/** How many rows the registry's heartbeats take in storage. */
const storedRows = (t: string) => inRegistry(t, (_obj, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM heartbeat_state").one().n);

const liveOf = async (t: string, id: string) =>
  ((await (await call(`/v1/media/nodes/${id}`, { tenant: t })).json()) as { live: { load: number; healthy: boolean; lastHeartbeatAt: string; offered: boolean } | null }).live;

const ids = async (t: string) => (await nearest(t, FROM_PARIS)).items.map((i) => i.id);

describe("a restarted registry", () => {
  it.each([
    ["one heartbeat per node", false],
    ["a fleet controller's batch", true],
  ])("answers nearest from the heartbeats it had (%s), without waiting for the next ones", async (_, batched) => {
    const t = freshTenant();
    if (!batched) await addNodes(t, WORLD);
    else {
      for (const { id, ...def } of WORLD) await call(`/v1/media/nodes/${id}`, { method: "PUT", tenant: t, json: { url: `wss://${id}.media.test`, capacity: 100, ...def } });
      const res = await call("/v1/media/heartbeats", { method: "POST", tenant: t, json: { items: WORLD.map((n) => ({ nodeId: n.id, load: 0.1, healthy: true })) } });
      expect(res.status).toBe(200);
    }
    const before = await nearest(t, "lat=34.69&lon=135.50&count=5");
    const tokyo = await liveOf(t, "tokyo-1");
    await restart(t);
    const after = await nearest(t, "lat=34.69&lon=135.50&count=5");
    expect(after.items).toEqual(before.items);
    expect(after.items[0]!.id).toBe("tokyo-1");
    // The heartbeat it had, not a new one made up on waking.
    expect(await liveOf(t, "tokyo-1")).toEqual(tokyo);
  });

  it("does not offer a node whose stored heartbeat is older than the TTL, and does one just inside it", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    const ageStored = (ms: number) => ageStoredBeat(t, "paris-1", ms);
    // A few seconds of margin for the restart and the lookup on a slow machine.
    await ageStored(TTL - 3000);
    await restart(t);
    expect(await ids(t)).toEqual(["paris-1", "london-1"]);
    await ageStored(TTL + 1);
    await restart(t);
    expect(await ids(t)).toEqual(["london-1"]);
    expect(await liveOf(t, "paris-1")).toMatchObject({ healthy: true, offered: false });
  });

  it.each([
    ["unhealthy", 0.1, false],
    ["full", 0.95, true],
  ])("does not offer a node that turned %s, though no heartbeat was due to be written", async (_, load, healthy) => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    await lastWriteAt(t, Date.now() + 3_600_000);
    await beat(t, "paris-1", load, healthy);
    await restart(t);
    expect(await ids(t)).toEqual(["london-1"]);
    expect(await liveOf(t, "paris-1")).toMatchObject({ load, healthy, offered: false });
    // And back: the heartbeat that offers it again is not written at once (it was, before: a whole-state write for
    // each flip either way, and nodes hover at the cut-off). A registry restarted now offers the node from its next
    // heartbeat: a stored state worse than the truth is safe.
    await lastWriteAt(t, Date.now() + 3_600_000);
    await beat(t, "paris-1", 0.2, true);
    expect(await storedBeat(t, "paris-1")).toMatchObject({ load, healthy: healthy ? 1 : 0 });
    await restart(t);
    expect(await ids(t)).toEqual(["london-1"]);
    await beat(t, "paris-1", 0.2, true);
    expect(await ids(t)).toEqual(["paris-1", "london-1"]);
  });

  it("keeps no room on a node that turned full, though no heartbeat was due to be written", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    const show = (await nearest(t, "lat=48.86&lon=2.35&room=show", { keyKind: "secret" })).room!;
    expect(show.nodeId).toBe("paris-1");
    // Past the cut-off it keeps the room; with no free session it must not, restarted or not.
    await beat(t, "paris-1", 0.95);
    await lastWriteAt(t, Date.now() + 3_600_000);
    await beat(t, "paris-1", 1);
    await restart(t);
    expect((await nearest(t, "lat=48.86&lon=2.35&room=show", { keyKind: "secret" })).room).toEqual({ id: "show", nodeId: "london-1", status: "moved" });
  });

  it("writes steady heartbeats behind: none within the interval (a fifth of the TTL), then the latest, in one go", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    expect(await storedBeat(t, "paris-1")).toMatchObject({ load: 0.1, healthy: 1 });
    await lastWriteAt(t, Date.now() + 3_600_000);
    for (const load of [0.2, 0.3, 0.4]) await beat(t, "paris-1", load);
    await call("/v1/media/heartbeats", { method: "POST", tenant: t, json: { items: [{ nodeId: "paris-1", load: 0.5, healthy: true }, { nodeId: "london-1", load: 0.5, healthy: true }] } });
    expect(await storedBeat(t, "paris-1")).toMatchObject({ load: 0.1 });
    expect(await storedBeat(t, "london-1")).toMatchObject({ load: 0.1 });
    expect(await liveOf(t, "paris-1")).toMatchObject({ load: 0.5 });
    // A second short of the interval since the last write: still held.
    await lastWriteAt(t, Date.now() - (TTL / 5 - 1000));
    await beat(t, "paris-1", 0.6);
    expect(await storedBeat(t, "paris-1")).toMatchObject({ load: 0.1 });
    // The interval passed: this heartbeat writes every one held, each node's latest.
    await lastWriteAt(t, Date.now() - TTL / 5);
    await beat(t, "paris-1", 0.7);
    const live = await liveOf(t, "paris-1");
    expect(await storedBeat(t, "paris-1")).toEqual({ load: 0.7, healthy: 1, last_seen: Date.parse(live!.lastHeartbeatAt) });
    expect(await storedBeat(t, "london-1")).toMatchObject({ load: 0.5 });
    // However many nodes beat, a write is one row: rows written are billed, per row.
    expect(await storedRows(t)).toBe(1);
  });

  it("does not give a node deleted and registered again its old heartbeat", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "paris-1", ...CITIES.paris }, { id: "london-1", ...CITIES.london }]);
    expect((await call("/v1/media/nodes/paris-1", { method: "DELETE", tenant: t })).status).toBe(204);
    const put = await call("/v1/media/nodes/paris-1", { method: "PUT", tenant: t, json: { url: "wss://paris-1.media.test", capacity: 100, ...CITIES.paris } });
    expect(put.status).toBe(201);
    await restart(t);
    expect(await liveOf(t, "paris-1")).toBeNull();
    expect(await ids(t)).toEqual(["london-1"]);
  });
});
