-- A capture's or cancel's claim key (the key it was sent to the provider under, and the `reference` the review list
-- shows for it) was kept on its intent only while the claim was pending: once the provider's event, reconciliation or
-- a retry settled it, nothing named it. So a resolve (POST /v1/payments/review/{id}/resolve) naming a reference shaped
-- like a claim key could not tell a capture of that intent settled meanwhile (409 not_in_review) from one never made
-- (422 unknown_reference), and took every such reference for the former. Each claim is now kept, written in the same
-- transaction as the claim itself, for as long as its intent: one row per key.
CREATE TABLE `payment_modification_claims` (
	`key` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`intent_id` text NOT NULL,
	`action` text NOT NULL,
	`amount` integer,
	`claimed_at` text NOT NULL
);
--> statement-breakpoint
-- Claims pending now are known; those settled before this migration are not (their keys were never kept anywhere):
-- a reference to one of those is told as naming no item (422), unless an operator resolved it (its resolution names it).
INSERT INTO `payment_modification_claims` (`key`, `tenant_id`, `intent_id`, `action`, `amount`, `claimed_at`)
SELECT `pending_key`, `tenant_id`, `id`, `pending_action`, `pending_amount`, `pending_since` FROM `payment_intents`
WHERE `pending_key` IS NOT NULL AND `pending_action` IS NOT NULL AND `pending_since` IS NOT NULL;
