import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MediaRegistry } from "../src/do/registry";
import { registry } from "../src/registry";
import { addNodes, beat, freshTenant, nearest, WORLD } from "./helpers";

/** A statement that changes or inspects the schema rather than the data. */
const SCHEMA_WORK = /^\s*(PRAGMA|CREATE|DROP|ALTER)\b/i;

/**
 * Wakes the tenant's registry again, as the runtime does after an eviction: a new MediaRegistry on the
 * object's state, its constructor's work done. Answers the new object and every SQL statement it ran.
 */
async function wake(state: DurableObjectState): Promise<{ obj: MediaRegistry; statements: string[] }> {
  const statements: string[] = [];
  // The runtime takes only a real DurableObjectState, so the statements are seen on SqlStorage itself.
  const proto = Object.getPrototypeOf(state.storage.sql) as SqlStorage;
  const exec = proto.exec;
  proto.exec = function (this: SqlStorage, query: string, ...bindings: unknown[]) {
    statements.push(query);
    return exec.call(this, query, ...bindings);
  } as SqlStorage["exec"];
  try {
    const obj = new MediaRegistry(state, env as Env);
    // Its loading, under blockConcurrencyWhile, is done before anything else runs in the object.
    await state.blockConcurrencyWhile(async () => {});
    return { obj, statements };
  } finally {
    proto.exec = exec;
  }
}

const inRegistry = <T>(t: string, fn: (state: DurableObjectState) => T | Promise<T>) =>
  runInDurableObject(registry(env as Env, t), (_obj: MediaRegistry, state: DurableObjectState) => fn(state));

/** The object's schema as SQLite lists it: tables and indexes by name, and the rooms table's columns. */
const schemaOf = (sql: SqlStorage) => ({
  objects: sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").toArray().map((r) => r.name),
  roomColumns: sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('rooms') ORDER BY cid").toArray().map((r) => r.name),
});

const CURRENT = { objects: ["heartbeat_state", "nodes", "policy", "rooms", "rooms_by_pool"], roomColumns: ["id", "node_id", "anchor", "assigned_at", "verified", "anchored_by", "country"] };

/**
 * The layouts a registry made before schema versions could have (git history of store/rooms.ts), each as it
 * would be found: its tables, no version recorded anywhere.
 */
const OLD_LAYOUTS: Record<string, string[]> = {
  "the first cut (906d71a): rooms without pools, no index": [
    "CREATE TABLE rooms (id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL)",
  ],
  "the room bound (89428d3): rooms_by_assigned_at": [
    "CREATE TABLE rooms (id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL)",
    "CREATE INDEX rooms_by_assigned_at ON rooms (assigned_at, id)",
  ],
  "the pools (dc4f4c5), before versions": [
    "CREATE TABLE rooms (id TEXT PRIMARY KEY, node_id TEXT NOT NULL, anchor TEXT NOT NULL, assigned_at INTEGER NOT NULL, verified INTEGER NOT NULL DEFAULT 1)",
    "CREATE INDEX rooms_by_pool ON rooms (verified, assigned_at, id)",
  ],
};

/** Leaves the object as a registry of that layout left it: its rows in place and no version recorded. */
function makeOld(state: DurableObjectState, layout: string[]) {
  const sql = state.storage.sql;
  for (const name of ["rooms", "nodes", "policy", "heartbeats", "heartbeat_state"]) sql.exec(`DROP TABLE IF EXISTS ${name}`);
  for (const [key] of [...state.storage.kv.list({ prefix: "schema/" })]) state.storage.kv.delete(key);
  sql.exec(`CREATE TABLE nodes (
    id TEXT PRIMARY KEY, url TEXT NOT NULL, region TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    capacity INTEGER NOT NULL, residency TEXT, updated_at INTEGER NOT NULL)`);
  sql.exec("CREATE TABLE policy (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL, updated_at INTEGER NOT NULL)");
  for (const statement of layout) sql.exec(statement);
  sql.exec("INSERT INTO nodes VALUES ('fra-1', 'wss://fra-1.media.test', 'europe', 50.11, 8.68, 100, 'DE', 1)");
  sql.exec(`INSERT INTO policy VALUES (1, '{"rules":[]}', 1)`);
  sql.exec(`INSERT INTO rooms (id, node_id, anchor, assigned_at) VALUES ('old-show', 'fra-1', '[{"lat":50,"lon":8}]', 1)`);
}

describe("the registry's schema", () => {
  it("does its schema work on an object's first wake only, not on every wake after", async () => {
    const t = freshTenant();
    await addNodes(t, WORLD);
    await inRegistry(t, async (state) => {
      const { obj, statements } = await wake(state);
      expect(statements.some((s) => /FROM nodes/.test(s))).toBe(true);
      expect(statements.filter((s) => SCHEMA_WORK.test(s))).toEqual([]);
      // And it still loaded what it holds.
      expect(obj.listNodes(undefined, 10).map((n) => n.id).sort()).toEqual(WORLD.map((n) => n.id).sort());
      expect(schemaOf(state.storage.sql)).toEqual(CURRENT);
    });
  });

  for (const [name, layout] of Object.entries(OLD_LAYOUTS)) {
    it(`upgrades a registry made before versions, from ${name}, keeping its rows, and then never again`, async () => {
      const t = freshTenant();
      await inRegistry(t, async (state) => {
        makeOld(state, layout);
        const { obj } = await wake(state);
        expect(schemaOf(state.storage.sql)).toEqual(CURRENT);
        expect(obj.getNode("fra-1")).toMatchObject({ id: "fra-1", residency: "DE", live: null });
        expect(obj.getPolicy()).toEqual({ policy: { rules: [] }, isDefault: false });
        // A room placed before the pools counts as verified: invented ids can never push it out.
        // And as anchored by a server, so no room in use moves on the first secret-key ask after the deploy.
        expect(state.storage.sql.exec<{ id: string; verified: number; anchored_by: string }>("SELECT id, verified, anchored_by FROM rooms").toArray()).toEqual([{ id: "old-show", verified: 1, anchored_by: "server" }]);
        expect(Object.fromEntries(state.storage.kv.list({ prefix: "schema/" }))).toEqual({ "schema/heartbeats": 2, "schema/nodes": 1, "schema/policy": 1, "schema/rooms": 2 });
        const again = await wake(state);
        expect(again.statements.filter((s) => SCHEMA_WORK.test(s))).toEqual([]);
      });
    });
  }

  it("serves an upgraded registry's rooms as before: a room keeps its node", async () => {
    const t = freshTenant();
    await addNodes(t, [{ id: "fra-1", lat: 50.11, lon: 8.68, region: "europe", residency: "DE" }, ...WORLD]);
    await inRegistry(t, async (state) => {
      makeOld(state, OLD_LAYOUTS["the room bound (89428d3): rooms_by_assigned_at"]!);
      await state.storage.sync();
    });
    // The runtime starts the object afresh: its own constructor meets the old layout.
    await inRegistry(t, (state) => state.abort("restarted on the old layout")).catch(() => undefined);
    await beat(t, "fra-1");
    const body = await nearest(t, "room=old-show", { keyKind: "secret", location: "35.68,139.69" });
    expect(body.room).toEqual({ id: "old-show", nodeId: "fra-1", status: "kept" });
  });
});
