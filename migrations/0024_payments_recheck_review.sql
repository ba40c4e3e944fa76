-- A refund, capture or cancel left pending past the provider's idempotency-key window, at a provider with no read
-- (Adyen), cannot be learnt by reconciliation: sent again it could act twice, and nothing can be read. Such items
-- stayed at the head of the queue's index, the oldest, and every run stepped over them. A run now moves each one it
-- meets out of the queue for review, noting when (`review_at`; for a capture or cancel `pending_review_at`, on the
-- intent that holds the claim, cleared by the next claim): the provider's event or an operator settles it. The
-- queue's indexes leave those rows out, so no run reads them again.
ALTER TABLE `payment_refunds` ADD `review_at` text;
--> statement-breakpoint
DROP INDEX `payment_refunds_recheck_order`;
--> statement-breakpoint
CREATE INDEX `payment_refunds_recheck_order` ON `payment_refunds` (`status`,coalesce(`checked_at`, `created_at`),`id`) WHERE review_at IS NULL;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_review_at` text;
--> statement-breakpoint
DROP INDEX `payment_intents_pending_recheck_order`;
--> statement-breakpoint
CREATE INDEX `payment_intents_pending_recheck_order` ON `payment_intents` (coalesce(`pending_checked_at`, `pending_since`),`id`) WHERE pending_action IS NOT NULL AND pending_review_at IS NULL;
