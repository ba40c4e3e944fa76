-- What a buyer must do for a charge to go on (a redirect to their bank, a QR code to scan) was dropped: an intent went
-- to `requires_action` keeping nothing of it, so a redirect method could never complete. And every charge was sent
-- with one made-up return URL. Now a confirm takes the storefront's `returnUrl`, and the intent keeps:
-- `return_url`: the URL its charge attempts were sent with. Part of the request each attempt's idempotency key is bound
--   to, so reconciliation asks a stuck attempt again with the very request the confirm sent.
-- `next_action`: the action the provider asked for, as JSON in the API's provider-neutral shape, while the intent is
--   `requires_action` (written in the transaction of the move there).
ALTER TABLE `payment_intents` ADD `return_url` text;
--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `next_action` text;
--> statement-breakpoint
-- Intents in `processing` now had their attempts sent with the URL the connectors used to send: reconciliation must
-- send that one again, or the provider takes the same key with other parameters for another request.
UPDATE `payment_intents` SET `return_url` = 'https://pay.example/return' WHERE `status` = 'processing';
--> statement-breakpoint
-- An intent that leaves `requires_action` (the provider's event, reconciliation, a cancel, an operator's resolution)
-- no longer asks anything of the buyer: the action goes in the same transaction, whoever moved it.
CREATE TRIGGER `payment_intents_next_action_cleared` AFTER UPDATE OF `status` ON `payment_intents`
WHEN NEW.`status` <> 'requires_action' AND NEW.`next_action` IS NOT NULL BEGIN
	UPDATE `payment_intents` SET `next_action` = NULL WHERE `id` = NEW.`id`;
END;
