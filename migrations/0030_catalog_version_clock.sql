-- A catalog version moved by one per write, and a D1 Time Travel restore takes the versions back with the data: the
-- writes after it then issued numbers already issued before it, and answers cached from the discarded data (each
-- isolate's memo, the Cache API) came back under the new data's keys. A version now moves to the time in ms when that
-- is more than one step, so one issued after a restore exceeds every one issued before it (only a version bumped
-- faster than once a millisecond runs ahead of the clock, and by far less than a restore takes). The clock is this
-- one view, read by these triggers (the platform's version, 0019), by the catalog's bump of a tenant's version
-- (workers/catalog/src/store/versions.ts) and by the operator's step after a restore (docs/d1-restore.md).
CREATE VIEW `catalog_version_clock` AS SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER) AS `ms`;
--> statement-breakpoint
DROP TRIGGER `markets_platform_insert`;
--> statement-breakpoint
CREATE TRIGGER `markets_platform_insert` AFTER INSERT ON `markets` BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `markets_platform_update`;
--> statement-breakpoint
CREATE TRIGGER `markets_platform_update` AFTER UPDATE ON `markets` BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `markets_platform_delete`;
--> statement-breakpoint
CREATE TRIGGER `markets_platform_delete` AFTER DELETE ON `markets` BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `category_restrictions_platform_insert`;
--> statement-breakpoint
CREATE TRIGGER `category_restrictions_platform_insert` AFTER INSERT ON `category_restrictions` BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `category_restrictions_platform_update`;
--> statement-breakpoint
CREATE TRIGGER `category_restrictions_platform_update` AFTER UPDATE ON `category_restrictions` BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `category_restrictions_platform_delete`;
--> statement-breakpoint
CREATE TRIGGER `category_restrictions_platform_delete` AFTER DELETE ON `category_restrictions` BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `fx_rates_platform_insert`;
--> statement-breakpoint
CREATE TRIGGER `fx_rates_platform_insert` AFTER INSERT ON `fx_rates` WHEN NEW.`tenant_id` = '*' BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `fx_rates_platform_update`;
--> statement-breakpoint
CREATE TRIGGER `fx_rates_platform_update` AFTER UPDATE ON `fx_rates` WHEN NEW.`tenant_id` = '*' OR OLD.`tenant_id` = '*' BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
--> statement-breakpoint
DROP TRIGGER `fx_rates_platform_delete`;
--> statement-breakpoint
CREATE TRIGGER `fx_rates_platform_delete` AFTER DELETE ON `fx_rates` WHEN OLD.`tenant_id` = '*' BEGIN
	UPDATE `catalog_versions` SET `version` = max(`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)) WHERE `tenant_id` = '*';
END;
