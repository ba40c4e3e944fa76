-- 0020's rebuild on a version bump rebuilt every listing marked stale, whatever its tenant: marks left by an
-- operator's bulk SQL that moved no version would be paid for by the next unrelated tenant's write, inside its
-- transaction. A bump now rebuilds only its own tenant's marked listings and drops their marks, and the marks of
-- listings that are gone (a delete's cascade marks them); another tenant's marks wait for that tenant's bump.
-- What a write pays beyond its own listings is one primary-key lookup per mark left, normally none.
DROP TRIGGER `catalog_versions_docs_ai`;
--> statement-breakpoint
DROP TRIGGER `catalog_versions_docs_au`;
--> statement-breakpoint
CREATE TRIGGER `catalog_versions_docs_ai` AFTER INSERT ON `catalog_versions` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = `listings`.`id`)
		WHERE `id` IN (SELECT `listing_id` FROM `listing_docs_stale`) AND `tenant_id` = NEW.`tenant_id`;
	DELETE FROM `listing_docs_stale`
		WHERE coalesce((SELECT l.`tenant_id` FROM `listings` l WHERE l.`id` = `listing_docs_stale`.`listing_id`), NEW.`tenant_id`) = NEW.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_versions_docs_au` AFTER UPDATE ON `catalog_versions` BEGIN
	UPDATE `listings` SET (`doc`, `sold_in`) = (SELECT d.`doc`, d.`sold_in` FROM `listing_docs` d WHERE d.`id` = `listings`.`id`)
		WHERE `id` IN (SELECT `listing_id` FROM `listing_docs_stale`) AND `tenant_id` = NEW.`tenant_id`;
	DELETE FROM `listing_docs_stale`
		WHERE coalesce((SELECT l.`tenant_id` FROM `listings` l WHERE l.`id` = `listing_docs_stale`.`listing_id`), NEW.`tenant_id`) = NEW.`tenant_id`;
END;
