CREATE TABLE `chat_rooms` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`members` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `chat_rooms_tenant` ON `chat_rooms` (`tenant_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `chat_rooms_tenant_kind` ON `chat_rooms` (`tenant_id`,`kind`,`created_at`,`id`);