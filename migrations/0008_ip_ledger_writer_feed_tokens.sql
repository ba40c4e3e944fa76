CREATE TABLE `ip_feed_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`label` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE INDEX `ip_feed_tokens_tenant` ON `ip_feed_tokens` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_ledger_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`jwk` text NOT NULL,
	`first_signed_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `ip_evidence` ADD `request_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `ip_evidence_request` ON `ip_evidence` (`tenant_id`,`request_key`);