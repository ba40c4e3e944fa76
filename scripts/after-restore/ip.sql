-- After a D1 Time Travel restore, once the migrations are applied again (docs/d1-restore.md):
-- npx wrangler d1 execute DB --remote -c .deploy.production.wrangler.json --file scripts/after-restore/ip.sql
-- The restore took the IP reference register's version back with its marks. An import after it gets a version above
-- every one issued before it anyway (workers/ip/src/store/register.ts moves it to the clock, as the catalog's versions
-- move). This moves it there at once, so that a bump by one from it (an IP Worker deployed before that change, or the
-- reference data's `version + 1`) cannot issue again a number an isolate holds for the discarded register.
UPDATE ip_register_version SET version = max(version + 1, (SELECT ms FROM catalog_version_clock));
