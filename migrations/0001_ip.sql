CREATE TABLE `ip_assets` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`jurisdiction` text NOT NULL,
	`name` text NOT NULL,
	`nice_classes` text NOT NULL,
	`designations` text NOT NULL,
	`registration_number` text,
	`owner` text NOT NULL,
	`status` text NOT NULL,
	`filed_at` text,
	`registered_at` text,
	`expires_at` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ip_assets_tenant` ON `ip_assets` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`note` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ip_case_events_case` ON `ip_case_events` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`stage` text NOT NULL,
	`asset_id` text NOT NULL,
	`infringer` text NOT NULL,
	`evidence_ids` text NOT NULL,
	`next_due_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ip_cases_tenant` ON `ip_cases` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_complaint_events` (
	`id` text PRIMARY KEY NOT NULL,
	`complaint_id` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ip_complaint_events_complaint` ON `ip_complaint_events` (`complaint_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`listing_id` text NOT NULL,
	`status` text NOT NULL,
	`complaint` text NOT NULL,
	`response` text,
	`due_at` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ip_complaints_tenant` ON `ip_complaints` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`leaf_index` integer NOT NULL,
	`sha256` text NOT NULL,
	`leaf_hash` text NOT NULL,
	`source` text NOT NULL,
	`content_type` text,
	`size` integer,
	`filename` text,
	`url` text,
	`title` text,
	`captured_at` text,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ip_evidence_leaf` ON `ip_evidence` (`tenant_id`,`leaf_index`);--> statement-breakpoint
CREATE INDEX `ip_evidence_tenant` ON `ip_evidence` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `ip_ledger_heads` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`tree_size` integer NOT NULL,
	`root_hash` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ip_ledger_nodes` (
	`tenant_id` text NOT NULL,
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `level`, `idx`)
);
--> statement-breakpoint
CREATE TABLE `ip_marks` (
	`id` text PRIMARY KEY NOT NULL,
	`jurisdiction` text NOT NULL,
	`registration_number` text NOT NULL,
	`name` text NOT NULL,
	`owner` text NOT NULL,
	`nice_classes` text NOT NULL,
	`designations` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ip_marks_registration` ON `ip_marks` (`jurisdiction`,`registration_number`);--> statement-breakpoint
CREATE TABLE `ip_register_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
