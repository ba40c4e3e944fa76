-- A confirm of a redirect or QR method (iDEAL, Pix, Alipay…) left the intent `requires_action`, and an intent whose
-- buyer never came back stayed so for ever: the seller's order stuck, the provider free to complete it later. Now each
-- buyer action has a window, and reconciliation takes the intents past it (and a grace), asks the provider what became
-- of the payment, and follows it: paid → the intent follows; still waiting → cancelled there, then `canceled` here
-- with `last_error` `action_expired: …`. The columns:
-- `action_expires_at`: the window's end, the provider's expiry when it gave one, else the method's default.
-- `action_due_at`: when reconciliation next looks at it (the window's end and its grace, then after each look's wait);
--   null: not in that queue (left to the provider's event).
-- `action_waits`: "still pending" answers in a row, for that wait (`domain/pending-wait.ts`).
ALTER TABLE `payment_intents` ADD `action_expires_at` text;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `action_due_at` text;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `action_waits` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- The queue's due range is one range of this index: only intents still awaiting their buyer, with no capture or cancel
-- in flight (a merchant's cancel settles those). The predicate must stay the one store/recheck-queues.ts reads by.
CREATE INDEX `payment_intents_action_due` ON `payment_intents` (`action_due_at`,`id`) WHERE status = 'requires_action' AND action_due_at IS NOT NULL AND pending_action IS NULL;
--> statement-breakpoint
-- Intents already awaiting their buyer get the window they would have had (the code's expiry, at most 30 days after
-- their last move, else the method's default from it) and the 15-minute grace: the same table as
-- `domain/action-window.ts`, once. (Their last move stands in for the confirm: the migration has nothing closer.)
UPDATE `payment_intents` SET `action_expires_at` = coalesce(
	min(strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(`next_action`, '$.expiresAt')), strftime('%Y-%m-%dT%H:%M:%fZ', `updated_at`, '+30 days')),
	strftime('%Y-%m-%dT%H:%M:%fZ', `updated_at`, CASE `method`
		WHEN 'boleto' THEN '+7 days' WHEN 'spei' THEN '+7 days' WHEN 'oxxo' THEN '+5 days' WHEN 'konbini' THEN '+4 days'
		WHEN 'pix' THEN '+1 day' ELSE '+1 hour' END))
WHERE `status` = 'requires_action';
--> statement-breakpoint
UPDATE `payment_intents` SET `action_due_at` = strftime('%Y-%m-%dT%H:%M:%fZ', `action_expires_at`, '+15 minutes') WHERE `status` = 'requires_action';
