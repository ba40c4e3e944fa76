-- A list filtered by category walked the tenant's (tenant_id, id) index newest first and read every
-- listing to compare its category: a category the tenant never used read all of them. With this index
-- it reads only that category's listings, still in id order, so paging and LIMIT stop early.
CREATE INDEX `listings_tenant_category` ON `listings` (`tenant_id`,`category`,`id`);
