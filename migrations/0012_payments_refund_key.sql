ALTER TABLE `payment_refunds` ADD `provider_key` text;--> statement-breakpoint
CREATE INDEX `payment_refunds_pending` ON `payment_refunds` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `payment_refunds_key` ON `payment_refunds` (`provider_key`);
