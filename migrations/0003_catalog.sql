CREATE TABLE `catalog_versions` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `category_restrictions` (
	`country` text NOT NULL,
	`category` text NOT NULL,
	`reason` text,
	PRIMARY KEY(`country`, `category`)
);
--> statement-breakpoint
CREATE TABLE `fx_rates` (
	`tenant_id` text NOT NULL,
	`currency` text NOT NULL,
	`per_usd` text NOT NULL,
	`set_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `listing_markets` (
	`listing_id` text NOT NULL,
	`country` text NOT NULL,
	PRIMARY KEY(`listing_id`, `country`),
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `listing_prices` (
	`listing_id` text NOT NULL,
	`country` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	PRIMARY KEY(`listing_id`, `country`),
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `listing_translations` (
	`listing_id` text NOT NULL,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`listing_id`, `locale`),
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `listings` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`sku` text NOT NULL,
	`brand` text NOT NULL,
	`default_locale` text NOT NULL,
	`base_amount` integer NOT NULL,
	`base_currency` text NOT NULL,
	`category` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`images` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`hold_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listings_tenant_sku` ON `listings` (`tenant_id`,`sku`);--> statement-breakpoint
CREATE INDEX `listings_tenant_id` ON `listings` (`tenant_id`,`id`);--> statement-breakpoint
CREATE TABLE `markets` (
	`country` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`currency` text NOT NULL,
	`tax_inclusive` integer NOT NULL,
	`vat_bps` integer NOT NULL,
	`locales` text NOT NULL
);
