-- An operator's word on an item in review (POST /v1/payments/review/{id}/resolve) left no trace of its own: a
-- capture's or cancel's claim is cleared by it, a stuck charge's review mark too, so a retry of a resolve whose answer
-- was lost found "nothing in review" (409) though its word had been applied, and a charge marked not done could not be
-- told from one that failed otherwise. Each resolution is now kept, one row per item (its own key: a refund's id, a
-- claim's key, a charge attempt's idempotency key), written in the same transaction as the settlement and only with
-- it: a retry with the same outcome is answered as the first, another outcome is a 409 naming what was decided, and a
-- provider's late success for a charge marked not done revives its intent, as `not_done_at` (0028) does a refund's.
CREATE TABLE `payment_review_resolutions` (
	`item_key` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`subject_id` text NOT NULL,
	`intent_id` text NOT NULL,
	`kind` text NOT NULL,
	`outcome` text NOT NULL,
	`provider_ref` text,
	`resolved_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_review_resolutions_subject` ON `payment_review_resolutions` (`tenant_id`,`subject_id`,`resolved_at`);
--> statement-breakpoint
-- Refunds marked not done before (0028 kept when): their word is known, so a retry of it is answered too.
INSERT INTO `payment_review_resolutions` (`item_key`, `tenant_id`, `subject_id`, `intent_id`, `kind`, `outcome`, `provider_ref`, `resolved_at`)
SELECT `id`, `tenant_id`, `id`, `intent_id`, 'refund', 'not_done', NULL, `not_done_at` FROM `payment_refunds` WHERE `not_done_at` IS NOT NULL;
