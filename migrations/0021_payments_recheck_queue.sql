-- Reconciliation re-reads refunds, captures and cancels left pending, at any age, a bounded batch a cron run. So
-- that those pending for good cannot hold the batch, each notes when a run last looked at it and found it still
-- pending (`checked_at`; for a capture or cancel `pending_checked_at`, on the intent that holds the claim), and a
-- run takes never looked at first, then least recently looked at, then oldest: an exact round robin, in place of a
-- random start (a COUNT and an OFFSET over every pending refund, each run). The indexes keep that order over pending
-- rows only, so a batch is read from their head, with no sort.
ALTER TABLE `payment_refunds` ADD `checked_at` text;
--> statement-breakpoint
DROP INDEX `payment_refunds_pending`;
--> statement-breakpoint
CREATE INDEX `payment_refunds_recheck` ON `payment_refunds` (`status`,`checked_at`,`created_at`,`id`);
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_checked_at` text;
--> statement-breakpoint
DROP INDEX `payment_intents_pending`;
--> statement-breakpoint
CREATE INDEX `payment_intents_pending_recheck` ON `payment_intents` (`pending_checked_at`,`pending_since`,`id`) WHERE pending_action IS NOT NULL;
