-- listing_translations had no INTEGER PRIMARY KEY, so its rowids were implicit, and SQLite may renumber implicit
-- rowids (VACUUM, a dump and reload): listing_search's rows carry those rowids (0004), and its delete and update
-- triggers would then remove or leave another translation's index row, so search would find stale text or lose a
-- listing. The table is made again with `id INTEGER PRIMARY KEY` holding the same rowids: the rowid is then a column,
-- which VACUUM keeps and a dump writes out; (listing_id, locale) stays unique. The rows wait in a copy while the table
-- is dropped and created under its own name (no RENAME: that would re-check the view and triggers naming it, 0022),
-- and go back before its triggers exist, so the index and the stored documents are left as they are. Its triggers
-- (dropped with it) are then made again as they were (0004, 0020), keyed by `id`.
CREATE TABLE `listing_translations_copy` AS SELECT rowid AS `id`, `listing_id`, `locale`, `title`, `description` FROM `listing_translations`;
--> statement-breakpoint
DROP TABLE `listing_translations`;
--> statement-breakpoint
CREATE TABLE `listing_translations` (
	`id` integer PRIMARY KEY NOT NULL,
	`listing_id` text NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	UNIQUE(`listing_id`, `locale`),
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `listing_translations` (`id`, `listing_id`, `locale`, `title`, `description`)
	SELECT `id`, `listing_id`, `locale`, `title`, `description` FROM `listing_translations_copy`;
--> statement-breakpoint
DROP TABLE `listing_translations_copy`;
--> statement-breakpoint
CREATE TRIGGER `listing_search_ad` AFTER DELETE ON `listing_translations` BEGIN
	DELETE FROM listing_search WHERE rowid = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_search_ai` AFTER INSERT ON `listing_translations` BEGIN
	INSERT INTO listing_search (rowid, listing_id, tenant_id, locale, title, description)
	VALUES (new.`id`, new.listing_id, (SELECT tenant_id FROM listings WHERE id = new.listing_id), new.locale, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_search_au` AFTER UPDATE ON `listing_translations` BEGIN
	DELETE FROM listing_search WHERE rowid = old.`id`;
	INSERT INTO listing_search (rowid, listing_id, tenant_id, locale, title, description)
	VALUES (new.`id`, new.listing_id, (SELECT tenant_id FROM listings WHERE id = new.listing_id), new.locale, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_ad` AFTER DELETE ON `listing_translations` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_ai` AFTER INSERT ON `listing_translations` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (NEW.`listing_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_au` AFTER UPDATE ON `listing_translations` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`), (NEW.`listing_id`);
END;
