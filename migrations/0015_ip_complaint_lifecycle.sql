CREATE TABLE `ip_hold_sweep` (
	`id` integer PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`listing_id` text NOT NULL,
	`source` text NOT NULL,
	`swept_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `ip_complaints` ADD `court_action` text;--> statement-breakpoint
CREATE INDEX `ip_complaints_due` ON `ip_complaints` (`status`,`due_at`);