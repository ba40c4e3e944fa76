-- A listing's version (its ETag "lv<version>", taken back as If-Match) moved by one per write, and a D1 Time Travel
-- restore takes it back with the row: the writes after it issued numbers already issued for the discarded content, so
-- an If-Match from before the restore could overwrite content its client never saw, and an isolate's decoded record
-- kept under `id:version` (workers/catalog/src/store/known-records.ts) could be served for a different row. A write
-- now moves a listing's version to `max(version + 1, the time in ms)` as the catalog's versions move (0030: the same
-- view), so one issued after a restore exceeds every one issued before it; a listing is created at 1, a number its id
-- names for the content it was created with alone.
--
-- The step is checked here, in every writer's transaction. A writer that read version N sets the version to
-- `CASE version WHEN N THEN max(version + 1, clock) ELSE version END` (workers/catalog/src/store/listings.ts): if the
-- listing changed since, the version stays as it is, and this aborts the whole batch. The clock is read once per
-- statement, so the trigger and the write it checks see the same millisecond. `OLD + 1` is still taken from the
-- catalog Worker deployed before this migration (`npm run deploy` applies migrations first); no code since writes it.
DROP TRIGGER `listings_version_step`;
--> statement-breakpoint
CREATE TRIGGER `listings_version_step` BEFORE UPDATE OF
	`id`, `tenant_id`, `sku`, `brand`, `default_locale`, `base_amount`, `base_currency`, `category`, `attributes`, `images`,
	`status`, `hold_reason`, `created_at`, `updated_at`, `version`
ON `listings` WHEN NEW.`version` NOT IN (max(OLD.`version` + 1, (SELECT `ms` FROM `catalog_version_clock`)), OLD.`version` + 1) BEGIN
	SELECT RAISE(ABORT, 'listing_version_conflict');
END;
