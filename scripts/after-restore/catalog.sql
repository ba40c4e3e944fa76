-- After a D1 Time Travel restore, once the migrations are applied again (docs/d1-restore.md):
-- npx wrangler d1 execute DB --remote -c .deploy.production.wrangler.json --file scripts/after-restore/catalog.sql
-- The restore took the catalog versions back, so isolates still hold newer ones and serve the discarded data under
-- them. This moves every version, the platform's and each tenant's (a row for each tenant that has none: a tenant
-- whose first catalog write was undone), past every number issued before the restore, as a bump does (migration
-- 0030): every isolate takes the restored state at its next reading, and no cached answer's key is reached again.
-- Listing versions need no step: a listing written after the restore gets a version above every one issued (0032).
INSERT INTO catalog_versions (tenant_id, version) SELECT id, 0 FROM tenants WHERE true ON CONFLICT (tenant_id) DO NOTHING;
UPDATE catalog_versions SET version = max(version + 1, (SELECT ms FROM catalog_version_clock));
