-- An operator marks a refund in review "not done" (POST /v1/payments/review/{id}/resolve) when the provider shows
-- none: it fails and its held amount is given back. The provider may still pay it out (a refund still processing
-- there, a notification stuck in its retry queue), and its word then stands over the operator's guess: the refund
-- succeeds and counts again. This column tells such a refund from one the provider itself refused, whose later
-- "succeeded" (delivered out of order before its REFUND_FAILED) must stay ignored.
ALTER TABLE `payment_refunds` ADD `not_done_at` text;
