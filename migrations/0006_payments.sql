CREATE TABLE `payment_attempts` (
	`intent_id` text NOT NULL,
	`attempt_no` integer NOT NULL,
	`tenant_id` text NOT NULL,
	`provider` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status` text NOT NULL,
	`provider_ref` text,
	`code` text,
	`outcome` text,
	`latency_ms` integer,
	`created_at` text NOT NULL,
	PRIMARY KEY(`intent_id`, `attempt_no`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_attempts_ref` ON `payment_attempts` (`provider`,`provider_ref`);--> statement-breakpoint
CREATE TABLE `payment_intents` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`status` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`country` text NOT NULL,
	`method` text NOT NULL,
	`capture_method` text NOT NULL,
	`amount_captured` integer DEFAULT 0 NOT NULL,
	`amount_refunded` integer DEFAULT 0 NOT NULL,
	`route` text NOT NULL,
	`provider` text,
	`provider_ref` text,
	`last_error` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_intents_tenant` ON `payment_intents` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `payment_refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`intent_id` text NOT NULL,
	`amount` integer NOT NULL,
	`status` text NOT NULL,
	`provider_ref` text,
	`reason` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_refunds_intent` ON `payment_refunds` (`intent_id`);--> statement-breakpoint
CREATE TABLE `payment_routing` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`rules` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `payment_webhook_events` (
	`provider` text NOT NULL,
	`event_id` text NOT NULL,
	`intent_id` text,
	`received_at` text NOT NULL,
	PRIMARY KEY(`provider`, `event_id`)
);
