import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { foldChar } from "../src/domain/fold";
import { searchableText } from "../src/domain/search";
import { call, createListing, listingBody, newTenantId, problem } from "./helpers";

const testEnv = env as unknown as { DB: D1Database; MIGRATION_DB_0036: D1Database; TEST_MIGRATIONS: Parameters<typeof applyD1Migrations>[1] };
const { DB } = testEnv;
const FOLDED = "0036_listing_search_folded.sql";

type Page = { items: { id: string }[] };

/** Texts the fold must treat alike in SQL and in the catalog: ASCII pieces, accents (precomposed and combining), scripts, a long text. */
const TEXTS = [
  { title: "ÉTÉ ÜB", description: "" },
  { title: "Cafe\u0301 CRÈME brûlée", description: "Ÿ İstanbul ΟΔΟΣ Straße ﬁne Ｆｕｌｌ µ" },
  { title: "モカポット が 한국어 摩卡咖啡機", description: "ا\u064Eلسلام Ǆemal" },
  // Pieces of 64 characters that are all ASCII, then not, then again, across the title's line break.
  { title: `${"Plain ASCII words ".repeat(7)}Ünïcödé`, description: `${"é".repeat(70)}${"ascii ".repeat(300)}Ø END` },
];

const rows = async <T>(database: D1Database, sql: string, ...params: unknown[]) => (await database.prepare(sql).bind(...params).all<T>()).results;

describe("short search words fold as the index folds", () => {
  it("finds case and diacritic variants of one- and two-character words, precomposed or combining", async () => {
    const t = newTenantId();
    const ete = await createListing(t, { translations: { en: { title: "ÉTÉ ÜB", description: "" } } });
    const cafe = await createListing(t, { translations: { en: { title: "Cafe\u0301 noir", description: "" } } });
    const road = await createListing(t, { translations: { en: { title: "Moka" }, el: { title: "ΟΔΟΣ" } } });
    const both = await createListing(t, { translations: { en: { title: "Ordinary ÜBER lamp" } } });
    const plain = await createListing(t, { translations: { en: { title: "Ordinary lamp" } } });
    const owner = async (q: string) =>
      ((await (await call(`/v1/catalog/listings?q=${encodeURIComponent(q)}`, { tenant: t })).json()) as Page).items.map((i) => i.id);
    expect(await owner("üb")).toEqual([both, ete]);
    expect(await owner("UB")).toEqual([both, ete]);
    expect(await owner("Ü b")).toEqual([both, ete]);
    expect(await owner("fé")).toEqual([cafe]);
    // Greek: a lowercased query ends in ς, the title folds Σ to σ.
    expect(await owner("ΟΣ")).toEqual([road]);
    expect(await owner("ος")).toEqual([road]);
    // With a word the index finds, short words still LIKE the folded text.
    expect(await owner("ordinary üb")).toEqual([both]);
    expect(await owner("ordinary")).toEqual([plain, both]);
  });

  it("still finds, on its raw text, a translation the migration left unfolded (older than the newest 5,000 it folds)", async () => {
    const t = newTenantId();
    const old = await createListing(t, { translations: { en: { title: "Desk lamp AB-12" } } });
    // As a row from before migration 0036 past its bound: no folded copy (writing `folded` alone fires no trigger).
    await DB.prepare("UPDATE listing_translations SET folded = NULL WHERE listing_id = ?").bind(old).run();
    const found = (await (await call(`/v1/catalog/listings?q=ab`, { tenant: t })).json()) as Page;
    expect(found.items.map((i) => i.id)).toEqual([old]);
  });

  it("answers 400 naming q for more short words than it searches, instead of dropping some", async () => {
    const t = newTenantId();
    await createListing(t);
    for (const q of ["a b c", "a b ü é", "moka a b c"]) {
      const refused = await problem(await call(`/v1/catalog/listings?q=${encodeURIComponent(q)}`, { tenant: t }), 400);
      expect(refused.code, q).toBe("invalid_query");
      expect(refused.errors, q).toEqual([{ path: "query.q", message: "at most 2 words shorter than 3 characters" }]);
    }
    // Variants of one word are one word.
    expect((await call(`/v1/catalog/listings?q=${encodeURIComponent("a Ü ü u")}`, { tenant: t })).status).toBe(200);
  });

  it("stores the catalog's fold, and D1's triggers fold any other writer's text the same way", async () => {
    const t = newTenantId();
    const id = await createListing(t, { translations: Object.fromEntries(TEXTS.map((text, i) => [["en", "de", "ja", "fr"][i]!, text])) });
    const written = await rows<{ title: string; description: string; folded: string }>(DB, "SELECT title, description, folded FROM listing_translations WHERE listing_id = ?", id);
    expect(written).toHaveLength(TEXTS.length);
    for (const r of written) expect(r.folded).toBe(searchableText(r));
    // The same texts inserted by hand (a seed's way: no folded text) are folded by the trigger, in SQL.
    for (const [i, text] of TEXTS.entries()) {
      await DB.prepare("INSERT INTO listing_translations (listing_id, locale, title, description) VALUES (?, ?, ?, ?)").bind(id, `x-${i}`, text.title, text.description).run();
    }
    const bySql = await rows<{ title: string; description: string; folded: string }>(DB, "SELECT title, description, folded FROM listing_translations WHERE listing_id = ? AND locale LIKE 'x-%' ORDER BY locale", id);
    expect(bySql.map((r) => r.folded)).toEqual(TEXTS.map(searchableText));
    // A text changed in place is folded again; writing the folded copy alone leaves the index and the document alone.
    await DB.prepare("UPDATE listing_translations SET title = 'NEUÉ' WHERE listing_id = ? AND locale = 'x-0'").bind(id).run();
    expect(await rows(DB, "SELECT folded FROM listing_translations WHERE listing_id = ? AND locale = 'x-0'", id)).toEqual([{ folded: "neue\n" }]);
    await DB.prepare("DELETE FROM listing_docs_stale WHERE listing_id = ?").bind(id).run();
    await DB.prepare("UPDATE listing_translations SET folded = 'x' WHERE listing_id = ?").bind(id).run();
    expect(await rows(DB, "SELECT listing_id FROM listing_docs_stale WHERE listing_id = ?", id)).toEqual([]);
  });

  it("keeps D1's fold table equal to the catalog's fold on every code point", async () => {
    const table = new Map((await rows<{ ch: string; folded: string }>(DB, "SELECT ch, folded FROM text_folds")).map((r) => [r.ch, r.folded]));
    const differ: string[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      // D1 lower()s what the table does not name: ASCII letters, and leaves the rest as it is.
      const inSql = table.get(c) ?? (cp < 0x80 ? c.toLowerCase() : c);
      if (inSql !== foldChar(c)) differ.push(`U+${cp.toString(16).toUpperCase()}`);
    }
    // A difference means the runtime's Unicode data moved: add its code points to text_folds in a new migration.
    expect(differ).toEqual([]);
    expect([...table.keys()].some((c) => c < "\u0080")).toBe(false);
  });
});

describe("migration 0036: translations written before it", () => {
  it("folds every existing translation, without re-indexing it or marking its document stale", async () => {
    const db = testEnv.MIGRATION_DB_0036;
    const migrations = testEnv.TEST_MIGRATIONS;
    expect(migrations.some((m) => m.name === FOLDED)).toBe(true);
    await applyD1Migrations(db, migrations.filter((m) => m.name < FOLDED));
    expect((await rows<{ name: string }>(db, "PRAGMA table_info(listing_translations)")).map((c) => c.name)).not.toContain("folded");
    const tenant = "ten_01KFOLD00000000000000000000";
    const listing = "lst_01KFOLD00000000000000000000";
    const now = "2026-11-28T00:00:00.000Z";
    await db.batch([
      db.prepare("INSERT INTO tenants (id, name, created_at) VALUES (?, 'Migration', ?)").bind(tenant, now),
      db
        .prepare("INSERT INTO listings (id, tenant_id, sku, brand, default_locale, base_amount, base_currency, created_at, updated_at) VALUES (?, ?, 'SKU-1', 'Brand', 'en', 1000, 'EUR', ?, ?)")
        .bind(listing, tenant, now, now),
      ...TEXTS.map((text, i) =>
        db.prepare("INSERT INTO listing_translations (listing_id, locale, title, description) VALUES (?, ?, ?, ?)").bind(listing, `l${i}`, text.title, text.description),
      ),
    ]);
    await db.prepare("DELETE FROM listing_docs_stale").run();
    const indexed = await rows(db, "SELECT rowid, title FROM listing_search ORDER BY rowid");

    await applyD1Migrations(db, migrations);

    const folded = await rows<{ folded: string }>(db, "SELECT folded FROM listing_translations ORDER BY locale");
    expect(folded.map((r) => r.folded)).toEqual(TEXTS.map(searchableText));
    expect(await rows(db, "SELECT listing_id FROM listing_docs_stale")).toEqual([]);
    expect(await rows(db, "SELECT rowid, title FROM listing_search ORDER BY rowid")).toEqual(indexed);
  });
});
