-- Items reconciliation moved out of its queues for review (0024, 0025) were seen only in a cron log line and their
-- intent's `last_error`. `GET /v1/payments/review` lists a tenant's, oldest in review first: each source is read as
-- a range of its own partial index, tenant first, by when it went to review then id. The indexes hold only the
-- items in review (a handful of rows), so nothing else writes to them; one settled leaves its index (a refund by
-- its status; a capture or cancel as its claim is cleared; a stuck charge as its intent's status moves).
CREATE INDEX `payment_intents_stuck_review` ON `payment_intents` (`tenant_id`,`stuck_review_at`,`id`) WHERE status = 'processing' AND stuck_review_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `payment_intents_pending_review` ON `payment_intents` (`tenant_id`,`pending_review_at`,`id`) WHERE pending_review_at IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `payment_refunds_review` ON `payment_refunds` (`tenant_id`,`review_at`,`id`) WHERE status = 'pending' AND review_at IS NOT NULL;
