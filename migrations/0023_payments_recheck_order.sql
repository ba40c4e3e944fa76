-- Reconciliation's queues of refunds, captures and cancels left pending were ordered never looked at first
-- (0021): with more new ones a run than its batch, one already looked at was never looked at again. Each is now
-- taken in turn by when it last had attention: when a run last looked at it and found it still pending, or, not
-- looked at yet, when it was made (`coalesce(checked_at, created_at)`; for a capture or cancel, on the intent
-- that holds the claim, `coalesce(pending_checked_at, pending_since)`), then by id. The indexes keep that order
-- over pending rows, so a batch is still read from their head, with no sort.
DROP INDEX `payment_refunds_recheck`;
--> statement-breakpoint
CREATE INDEX `payment_refunds_recheck_order` ON `payment_refunds` (`status`,coalesce(`checked_at`, `created_at`),`id`);
--> statement-breakpoint
DROP INDEX `payment_intents_pending_recheck`;
--> statement-breakpoint
CREATE INDEX `payment_intents_pending_recheck_order` ON `payment_intents` (coalesce(`pending_checked_at`, `pending_since`),`id`) WHERE pending_action IS NOT NULL;
