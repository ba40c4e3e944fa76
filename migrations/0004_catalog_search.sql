-- Full-text search over every translation of every listing. The trigram tokenizer matches substrings,
-- so Chinese and Japanese titles (no spaces between words) are searchable; diacritics are folded.
-- rowid mirrors listing_translations.rowid, and triggers keep the index in the same transaction as the
-- write that changed the text: no code path can forget it, and a seed's INSERT OR IGNORE that inserts
-- nothing indexes nothing.
CREATE VIRTUAL TABLE `listing_search` USING fts5(
	listing_id UNINDEXED,
	tenant_id UNINDEXED,
	locale UNINDEXED,
	title,
	description,
	tokenize = 'trigram remove_diacritics 1'
);
--> statement-breakpoint
CREATE TRIGGER `listing_search_ai` AFTER INSERT ON `listing_translations` BEGIN
	INSERT INTO listing_search (rowid, listing_id, tenant_id, locale, title, description)
	VALUES (new.rowid, new.listing_id, (SELECT tenant_id FROM listings WHERE id = new.listing_id), new.locale, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_search_ad` AFTER DELETE ON `listing_translations` BEGIN
	DELETE FROM listing_search WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_search_au` AFTER UPDATE ON `listing_translations` BEGIN
	DELETE FROM listing_search WHERE rowid = old.rowid;
	INSERT INTO listing_search (rowid, listing_id, tenant_id, locale, title, description)
	VALUES (new.rowid, new.listing_id, (SELECT tenant_id FROM listings WHERE id = new.listing_id), new.locale, new.title, new.description);
END;
