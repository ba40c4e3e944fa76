ALTER TABLE `ip_assets` ADD `ownership` text DEFAULT 'unverified' NOT NULL;--> statement-breakpoint
ALTER TABLE `ip_assets` ADD `ownership_note` text;--> statement-breakpoint
ALTER TABLE `ip_assets` ADD `ownership_decided_at` text;