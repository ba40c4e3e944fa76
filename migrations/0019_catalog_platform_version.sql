-- The platform's reference data (markets with their VAT and tax display, category restrictions, the platform's
-- default FX rates) gets a catalog version of its own, under tenant '*' (the id its FX rows already use). Every
-- cached catalog read is keyed by the tenant's version and this one, so a change to reference data, by migration
-- or by an operator's SQL, reaches cached answers at once instead of when the tenant next writes. The triggers
-- bump it on any change, so nobody has to remember to.
INSERT INTO `catalog_versions` (`tenant_id`, `version`) VALUES ('*', 1) ON CONFLICT (`tenant_id`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `markets_platform_insert` AFTER INSERT ON `markets` BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `markets_platform_update` AFTER UPDATE ON `markets` BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `markets_platform_delete` AFTER DELETE ON `markets` BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `category_restrictions_platform_insert` AFTER INSERT ON `category_restrictions` BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `category_restrictions_platform_update` AFTER UPDATE ON `category_restrictions` BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `category_restrictions_platform_delete` AFTER DELETE ON `category_restrictions` BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `fx_rates_platform_insert` AFTER INSERT ON `fx_rates` WHEN NEW.`tenant_id` = '*' BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `fx_rates_platform_update` AFTER UPDATE ON `fx_rates` WHEN NEW.`tenant_id` = '*' OR OLD.`tenant_id` = '*' BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
CREATE TRIGGER `fx_rates_platform_delete` AFTER DELETE ON `fx_rates` WHEN OLD.`tenant_id` = '*' BEGIN
	UPDATE `catalog_versions` SET `version` = `version` + 1 WHERE `tenant_id` = '*';
END;
