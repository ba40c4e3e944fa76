ALTER TABLE `payment_intents` ADD `pending_action` text;--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_amount` integer;--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_key` text;--> statement-breakpoint
ALTER TABLE `payment_intents` ADD `pending_since` text;--> statement-breakpoint
CREATE INDEX `payment_intents_pending` ON `payment_intents` (`pending_since`) WHERE pending_action IS NOT NULL;
