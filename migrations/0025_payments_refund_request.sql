-- A refund's provider idempotency key was derived from the client's `Idempotency-Key`. A client retrying after our
-- replay window (24 h) made a second refund row and sent the provider that same key again: within the provider's
-- window it answered the first refund for what we booked as a second; past it (Stripe: 24 h) it could refund twice.
-- Now a refund's provider key is its own id, and the refund keeps the request that made it (`request_key`, SHA-256 of
-- the Idempotency-Key; `request_fingerprint`, of its amount and reason): a retry under that key, at any age, answers
-- that refund. One live refund per request (the unique index): of two identical requests at once one makes it; a
-- failed refund moved no money and leaves it, so a retry after a refusal makes the refund afresh.
ALTER TABLE `payment_refunds` ADD `request_key` text;
--> statement-breakpoint
ALTER TABLE `payment_refunds` ADD `request_fingerprint` text;
--> statement-breakpoint
-- Refunds made before kept the request's key inside their provider key (`<intent id>:refund:<SHA-256 of the key>`):
-- it is taken from there, so a late retry of one of those answers it too. Where a late retry already made a second
-- live refund under one key, the newest takes it (the one such a retry would have met last); their fingerprint is
-- unknown (NULL: answered whatever the retry asks).
UPDATE `payment_refunds` SET `request_key` = substr(`provider_key`, length(`intent_id`) + 9)
WHERE `status` <> 'failed'
  AND substr(`provider_key`, 1, length(`intent_id`) + 8) = `intent_id` || ':refund:'
  AND NOT EXISTS (
    SELECT 1 FROM `payment_refunds` AS `later`
    WHERE `later`.`provider_key` = `payment_refunds`.`provider_key` AND `later`.`status` <> 'failed'
      AND (`later`.`created_at` > `payment_refunds`.`created_at` OR (`later`.`created_at` = `payment_refunds`.`created_at` AND `later`.`id` > `payment_refunds`.`id`))
  );
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_refunds_request` ON `payment_refunds` (`intent_id`,`request_key`) WHERE request_key IS NOT NULL AND status <> 'failed';
--> statement-breakpoint
-- An intent stuck in `processing` whose last attempt is past the provider's key window, at a provider with no read
-- of a charge (Adyen), cannot be learnt by reconciliation: sent again it could charge afresh. It was noted and sent
-- to the back of the queue, to be looked at again every time round. A run now moves it out of the queue for review,
-- once, noting when (`stuck_review_at`, cleared by any move of its status): its provider's event or an operator
-- settles it. The queue's index leaves those rows out.
ALTER TABLE `payment_intents` ADD `stuck_review_at` text;
--> statement-breakpoint
DROP INDEX `payment_intents_processing`;
--> statement-breakpoint
CREATE INDEX `payment_intents_processing` ON `payment_intents` (`updated_at`) WHERE status = 'processing' AND stuck_review_at IS NULL;
