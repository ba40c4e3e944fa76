import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const testEnv = env as unknown as { MIGRATION_DB: D1Database; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
const KEYED = "0027_listing_translations_key.sql";
const TENANT = "ten_01KMIGRAT10N0000000000000";
const LISTING = "lst_01KMIGRAT10N0000000000000";

const all = async <T>(sql: string, ...params: unknown[]) => (await testEnv.MIGRATION_DB.prepare(sql).bind(...params).all<T>()).results;

/** Every index row matches the translation whose id it carries, and every translation has exactly one. */
async function indexMatchesTranslations() {
  const stray = await all(
    `SELECT s.rowid FROM listing_search s LEFT JOIN listing_translations t ON t.id = s.rowid
     WHERE t.id IS NULL OR t.listing_id != s.listing_id OR t.locale != s.locale OR t.title != s.title`,
  );
  const [counts] = await all<{ indexed: number; rows: number }>(
    "SELECT (SELECT count(*) FROM listing_search) AS indexed, (SELECT count(*) FROM listing_translations) AS rows",
  );
  return { stray: stray.length, ...counts };
}

// listing_search rows carry their translation's rowid; until 0027 that rowid was implicit, which VACUUM or a dump and
// reload may renumber. The migration makes it a declared INTEGER PRIMARY KEY and must keep every existing rowid.
describe("migration 0027: listing_translations keeps its rowids as a declared key", () => {
  it("moves existing translations with their rowids, and search stays in step with later writes", async () => {
    const migrations = testEnv.TEST_MIGRATIONS;
    expect(migrations.some((m) => m.name === KEYED)).toBe(true);
    await applyD1Migrations(testEnv.MIGRATION_DB, migrations.filter((m) => m.name < KEYED));
    const now = "2026-11-28T00:00:00.000Z";
    await testEnv.MIGRATION_DB.batch([
      testEnv.MIGRATION_DB.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, 'Migration', ?)").bind(TENANT, now),
      testEnv.MIGRATION_DB.prepare(
        "INSERT INTO listings (id, tenant_id, sku, brand, default_locale, base_amount, base_currency, created_at, updated_at) VALUES (?, ?, 'SKU-1', 'Brand', 'en', 1000, 'EUR', ?, ?)",
      ).bind(LISTING, TENANT, now, now),
      ...["en", "de", "fr", "ja"].map((locale) =>
        testEnv.MIGRATION_DB.prepare("INSERT INTO listing_translations (listing_id, locale, title) VALUES (?, ?, ?)").bind(LISTING, locale, `title ${locale}`),
      ),
      // A gap in the rowids, so a renumbering copy would not line up by chance.
      testEnv.MIGRATION_DB.prepare("DELETE FROM listing_translations WHERE listing_id = ? AND locale = 'de'").bind(LISTING),
    ]);
    const before = await all<{ rowid: number; locale: string }>("SELECT rowid, locale FROM listing_translations ORDER BY rowid");
    expect(before.map((r) => r.locale)).toEqual(["en", "fr", "ja"]);

    await applyD1Migrations(testEnv.MIGRATION_DB, migrations);

    const columns = await all<{ name: string; pk: number; type: string }>("PRAGMA table_info(listing_translations)");
    expect(columns.filter((c) => c.pk > 0).map((c) => [c.name, c.type.toUpperCase()])).toEqual([["id", "INTEGER"]]);
    expect(await all("SELECT id AS rowid, locale FROM listing_translations ORDER BY id")).toEqual(before);
    expect(await indexMatchesTranslations()).toEqual({ stray: 0, indexed: 3, rows: 3 });

    // The triggers made again by the migration keep the index in step: an edit, a delete, a new locale, a duplicate refused.
    // The inserts before it marked the listing's document stale; cleared, so only the new triggers can mark it again.
    await testEnv.MIGRATION_DB.prepare("DELETE FROM listing_docs_stale").run();
    await testEnv.MIGRATION_DB.batch([
      testEnv.MIGRATION_DB.prepare("UPDATE listing_translations SET title = 'Kopfhörer neu' WHERE listing_id = ? AND locale = 'fr'").bind(LISTING),
      testEnv.MIGRATION_DB.prepare("DELETE FROM listing_translations WHERE listing_id = ? AND locale = 'en'").bind(LISTING),
      testEnv.MIGRATION_DB.prepare("INSERT INTO listing_translations (listing_id, locale, title) VALUES (?, 'es', 'auriculares')").bind(LISTING),
    ]);
    await expect(testEnv.MIGRATION_DB.prepare("INSERT INTO listing_translations (listing_id, locale, title) VALUES (?, 'es', 'otra')").bind(LISTING).run()).rejects.toThrow(/UNIQUE/);
    expect(await indexMatchesTranslations()).toEqual({ stray: 0, indexed: 3, rows: 3 });
    expect((await all<{ locale: string }>("SELECT locale FROM listing_search WHERE listing_search MATCH ?", '"kopfhörer"')).map((r) => r.locale)).toEqual(["fr"]);
    // The listing's stored document still follows its translations (the view and the stale-marking triggers came back).
    expect(await all("SELECT listing_id FROM listing_docs_stale WHERE listing_id = ?", LISTING)).toEqual([{ listing_id: LISTING }]);
    const [view] = await all<{ doc: string }>("SELECT doc FROM listing_docs WHERE id = ?", LISTING);
    expect(Object.keys(JSON.parse(view!.doc).draft.translations).sort()).toEqual(["es", "fr", "ja"]);
  });
});
