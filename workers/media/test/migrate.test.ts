import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { registry } from "../src/registry";
import { migrate, versionKey, type Migration } from "../src/store/schema";
import { freshTenant } from "./helpers";

/** Runs `fn` on a fresh registry object's storage. */
const onStorage = <T>(fn: (storage: DurableObjectStorage) => T) =>
  runInDurableObject(registry(env as Env, freshTenant()), (_obj: unknown, state: DurableObjectState) => fn(state.storage));

const tables = (sql: SqlStorage) => sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\' ORDER BY name").toArray().map((r) => r.name);

describe("migrate", () => {
  it("runs each step once per object, and only the new ones when steps are added", () =>
    onStorage((storage) => {
      const ran: string[] = [];
      const step = (name: string): Migration => (sql) => (ran.push(name), sql.exec(`CREATE TABLE ${name} (id INTEGER PRIMARY KEY)`));
      const v1 = [step("t_one")];
      migrate(storage, "test", v1);
      migrate(storage, "test", v1);
      expect(ran).toEqual(["t_one"]);
      expect(storage.kv.get(versionKey("test"))).toBe(1);
      migrate(storage, "test", [...v1, step("t_two"), step("t_three")]);
      expect(ran).toEqual(["t_one", "t_two", "t_three"]);
      expect(storage.kv.get(versionKey("test"))).toBe(3);
      expect(tables(storage.sql)).toEqual(["t_one", "t_three", "t_two"]);
      // Each store keeps its own version.
      migrate(storage, "other", [step("t_four")]);
      expect([storage.kv.get(versionKey("test")), storage.kv.get(versionKey("other"))]).toEqual([3, 1]);
    }));

  it("commits the pending steps with their version or not at all", () =>
    onStorage((storage) => {
      const steps: Migration[] = [
        (sql) => sql.exec("CREATE TABLE t_half (id INTEGER PRIMARY KEY)"),
        () => {
          throw new Error("stopped mid-upgrade");
        },
      ];
      expect(() => migrate(storage, "test", steps)).toThrow("stopped mid-upgrade");
      expect(tables(storage.sql)).toEqual([]);
      expect(storage.kv.get(versionKey("test"))).toBeUndefined();
      steps[1] = (sql) => sql.exec("CREATE TABLE t_whole (id INTEGER PRIMARY KEY)");
      migrate(storage, "test", steps);
      expect(tables(storage.sql)).toEqual(["t_half", "t_whole"]);
      expect(storage.kv.get(versionKey("test"))).toBe(2);
    }));

  it("leaves a version past its steps alone (a newer build's, rolled back)", () =>
    onStorage((storage) => {
      storage.kv.put(versionKey("test"), 5);
      migrate(storage, "test", [() => expect.unreachable("no step runs")]);
      expect(storage.kv.get(versionKey("test"))).toBe(5);
    }));
});
