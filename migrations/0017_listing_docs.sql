-- A listing as one JSON document (its row and its draft: every translation, price and market), so a read
-- selects one value per listing instead of assembling it from four tables in the read's statement: that
-- assembly was most of what preparing a page's statement cost, and a cold page read every translation,
-- price and market row of every listing on it. Holds are not in it: only owners read them. `sold_in` is the
-- listing's markets as `|DE|FR|` ('' = every market): a list's country filter is then one instr() on the
-- row, not two subqueries on listing_markets.
ALTER TABLE `listings` ADD `doc` text;
--> statement-breakpoint
ALTER TABLE `listings` ADD `sold_in` text DEFAULT '' NOT NULL;
--> statement-breakpoint
-- The document and markets, defined once: the triggers below and the backfill all read it from here.
CREATE VIEW `listing_docs` AS SELECT l.`id`, json_object(
	'id', l.`id`, 'tenantId', l.`tenant_id`, 'status', l.`status`, 'holdReason', l.`hold_reason`,
	'createdAt', l.`created_at`, 'updatedAt', l.`updated_at`, 'version', l.`version`, 'draft', json_object(
	'sku', l.`sku`, 'brand', l.`brand`, 'defaultLocale', l.`default_locale`,
	'price', json_object('amount', l.`base_amount`, 'currency', l.`base_currency`),
	'category', l.`category`, 'attributes', json(l.`attributes`), 'images', json(l.`images`),
	'translations', json((SELECT json_group_object(t.`locale`, json_object('title', t.`title`, 'description', t.`description`)) FROM `listing_translations` t WHERE t.`listing_id` = l.`id`)),
	'prices', json((SELECT json_group_object(p.`country`, json_object('amount', p.`amount`, 'currency', p.`currency`)) FROM `listing_prices` p WHERE p.`listing_id` = l.`id`)),
	'markets', json((SELECT json_group_array(m.`country`) FROM `listing_markets` m WHERE m.`listing_id` = l.`id`))
)) AS `doc`,
	coalesce((SELECT '|' || group_concat(m.`country`, '|') || '|' FROM `listing_markets` m WHERE m.`listing_id` = l.`id`), '') AS `sold_in`
FROM `listings` l;
--> statement-breakpoint
-- The version step now names every column but `doc` and `sold_in`: the triggers' document refresh is part of a write that
-- already moved the version by one, and must not count as a second update.
DROP TRIGGER `listings_version_step`;
--> statement-breakpoint
CREATE TRIGGER `listings_version_step` BEFORE UPDATE OF
	`id`, `tenant_id`, `sku`, `brand`, `default_locale`, `base_amount`, `base_currency`, `category`, `attributes`, `images`,
	`status`, `hold_reason`, `created_at`, `updated_at`, `version`
ON `listings` WHEN NEW.`version` <> OLD.`version` + 1 BEGIN
	SELECT RAISE(ABORT, 'listing_version_conflict');
END;
--> statement-breakpoint
-- Kept in the transaction of the write that changed the content, whichever code wrote it (the catalog, a
-- seed, a Worker still on the code before this migration): no writer can leave a document behind.
CREATE TRIGGER `listings_doc_ai` AFTER INSERT ON `listings` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`id`) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listings_doc_au` AFTER UPDATE OF
	`id`, `tenant_id`, `sku`, `brand`, `default_locale`, `base_amount`, `base_currency`, `category`, `attributes`, `images`,
	`status`, `hold_reason`, `created_at`, `updated_at`, `version`
ON `listings` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`id`) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_ai` AFTER INSERT ON `listing_translations` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`listing_id`) WHERE `id` = NEW.`listing_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_au` AFTER UPDATE ON `listing_translations` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`listing_id`) WHERE `id` IN (OLD.`listing_id`, NEW.`listing_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_ad` AFTER DELETE ON `listing_translations` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = OLD.`listing_id`) WHERE `id` = OLD.`listing_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_prices_doc_ai` AFTER INSERT ON `listing_prices` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`listing_id`) WHERE `id` = NEW.`listing_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_prices_doc_au` AFTER UPDATE ON `listing_prices` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`listing_id`) WHERE `id` IN (OLD.`listing_id`, NEW.`listing_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_prices_doc_ad` AFTER DELETE ON `listing_prices` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = OLD.`listing_id`) WHERE `id` = OLD.`listing_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_markets_doc_ai` AFTER INSERT ON `listing_markets` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`listing_id`) WHERE `id` = NEW.`listing_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `listing_markets_doc_au` AFTER UPDATE ON `listing_markets` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = NEW.`listing_id`) WHERE `id` IN (OLD.`listing_id`, NEW.`listing_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `listing_markets_doc_ad` AFTER DELETE ON `listing_markets` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = OLD.`listing_id`) WHERE `id` = OLD.`listing_id`;
END;
--> statement-breakpoint
-- Every listing written before this migration (the version step above no longer fires on these two alone).
UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = `listings`.`id`);
