-- A listing's stored document (0017) was rebuilt by a trigger on every one of its child rows: a write of 50
-- translations, 32 prices and 32 markets rebuilt the whole JSON document 114 times for a delete and as many for the
-- insert, 2-3x the SQLite time of the write itself, on the one D1 database every service waits behind. Child rows
-- now only mark their listing stale, and the documents are rebuilt once, when the write moves its catalog version:
-- every catalog write does that last (commitWrite), as it must anyway for cached reads to see it. A direct SQL
-- edit of child rows shows in the document, as in cached answers, when it moves the version too.
CREATE TABLE `listing_docs_stale` (`listing_id` text PRIMARY KEY NOT NULL) WITHOUT ROWID;
--> statement-breakpoint
DROP TRIGGER `listing_translations_doc_ai`;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_ai` AFTER INSERT ON `listing_translations` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (NEW.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_translations_doc_au`;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_au` AFTER UPDATE ON `listing_translations` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`), (NEW.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_translations_doc_ad`;
--> statement-breakpoint
CREATE TRIGGER `listing_translations_doc_ad` AFTER DELETE ON `listing_translations` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_prices_doc_ai`;
--> statement-breakpoint
CREATE TRIGGER `listing_prices_doc_ai` AFTER INSERT ON `listing_prices` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (NEW.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_prices_doc_au`;
--> statement-breakpoint
CREATE TRIGGER `listing_prices_doc_au` AFTER UPDATE ON `listing_prices` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`), (NEW.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_prices_doc_ad`;
--> statement-breakpoint
CREATE TRIGGER `listing_prices_doc_ad` AFTER DELETE ON `listing_prices` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_markets_doc_ai`;
--> statement-breakpoint
CREATE TRIGGER `listing_markets_doc_ai` AFTER INSERT ON `listing_markets` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (NEW.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_markets_doc_au`;
--> statement-breakpoint
CREATE TRIGGER `listing_markets_doc_au` AFTER UPDATE ON `listing_markets` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`), (NEW.`listing_id`);
END;
--> statement-breakpoint
DROP TRIGGER `listing_markets_doc_ad`;
--> statement-breakpoint
CREATE TRIGGER `listing_markets_doc_ad` AFTER DELETE ON `listing_markets` BEGIN
	INSERT OR IGNORE INTO `listing_docs_stale` (`listing_id`) VALUES (OLD.`listing_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_versions_docs_ai` AFTER INSERT ON `catalog_versions` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = `listings`.`id`)
		WHERE `id` IN (SELECT `listing_id` FROM `listing_docs_stale`);
	DELETE FROM `listing_docs_stale`;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_versions_docs_au` AFTER UPDATE ON `catalog_versions` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = `listings`.`id`)
		WHERE `id` IN (SELECT `listing_id` FROM `listing_docs_stale`);
	DELETE FROM `listing_docs_stale`;
END;
