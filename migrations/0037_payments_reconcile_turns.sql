-- Reconciliation read each of its queues (charges stuck in `processing`; refunds; captures and cancels left pending)
-- as one round robin of every tenant's items, and looked again at an item its provider holds unfinished (a SEPA debit
-- `processing` at Stripe for days, Adyen's `Received`/`Pending`, an Adyen modification only `received`) in every turn.
-- So one tenant's thousands of such items, legitimate or not, spent the run's 40 provider calls, and every tenant's
-- genuinely stuck charge waited its turn behind them for hours (review 16, finding 6). Now:
-- * each queue is read tenants in turn (every due tenant's next item first), rotating from a cursor per queue:
--   `payment_reconcile_cursors`, the tenant whose next item the last run looked at last;
-- * an item its provider answered "still pending" waits before its next look, longer with each such answer in a row
--   (`*_check_at`: due again then; `*_waits`: how many such answers in a row); one with no answer keeps its turn.
ALTER TABLE `payment_intents` ADD `stuck_check_at` text;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `stuck_waits` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_check_at` text;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_waits` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `payment_refunds` ADD `check_at` text;
--> statement-breakpoint
ALTER TABLE `payment_refunds` ADD `waits` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE TABLE `payment_reconcile_cursors` (
	`queue` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL
);
--> statement-breakpoint
-- Each queue's due items are one range of its index, by when each is due (its turn): an item waiting is not read.
-- The expressions must stay the ones the queue reads order by (`store/recheck-queues.ts`), or SQLite scans.
DROP INDEX `payment_intents_processing`;
--> statement-breakpoint
CREATE INDEX `payment_intents_stuck_turn` ON `payment_intents` (coalesce(`stuck_check_at`, `updated_at`)) WHERE status = 'processing' AND stuck_review_at IS NULL;
--> statement-breakpoint
DROP INDEX `payment_refunds_recheck_order`;
--> statement-breakpoint
CREATE INDEX `payment_refunds_turn` ON `payment_refunds` (`status`,coalesce(`check_at`, `checked_at`, `created_at`),`id`) WHERE review_at IS NULL;
--> statement-breakpoint
DROP INDEX `payment_intents_pending_recheck_order`;
--> statement-breakpoint
CREATE INDEX `payment_intents_pending_turn` ON `payment_intents` (coalesce(`pending_check_at`, `pending_checked_at`, `pending_since`),`id`) WHERE pending_action IS NOT NULL AND pending_review_at IS NULL;
--> statement-breakpoint
-- A wait belongs to the one claim or stay in `processing` it was learnt of: a new claim (or none), or any move of the
-- intent, starts without it, whoever writes it.
CREATE TRIGGER `payment_intents_pending_wait_reset` AFTER UPDATE OF `pending_key` ON `payment_intents`
WHEN NEW.`pending_key` IS NOT OLD.`pending_key` AND (NEW.`pending_check_at` IS NOT NULL OR NEW.`pending_waits` <> 0) BEGIN
	UPDATE `payment_intents` SET `pending_check_at` = NULL, `pending_waits` = 0 WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `payment_intents_stuck_wait_reset` AFTER UPDATE OF `status` ON `payment_intents`
WHEN NEW.`status` IS NOT OLD.`status` AND (NEW.`stuck_check_at` IS NOT NULL OR NEW.`stuck_waits` <> 0) BEGIN
	UPDATE `payment_intents` SET `stuck_check_at` = NULL, `stuck_waits` = 0 WHERE `id` = NEW.`id`;
END;
