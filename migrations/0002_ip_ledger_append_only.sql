-- The evidence ledger is append-only: a tampered row would make every later proof fail, so refuse the change outright.
CREATE TRIGGER `ip_evidence_no_update` BEFORE UPDATE ON `ip_evidence` BEGIN SELECT RAISE(ABORT, 'ip_evidence is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ip_evidence_no_delete` BEFORE DELETE ON `ip_evidence` BEGIN SELECT RAISE(ABORT, 'ip_evidence is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ip_ledger_nodes_no_update` BEFORE UPDATE ON `ip_ledger_nodes` BEGIN SELECT RAISE(ABORT, 'ip_ledger_nodes is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `ip_ledger_nodes_no_delete` BEFORE DELETE ON `ip_ledger_nodes` BEGIN SELECT RAISE(ABORT, 'ip_ledger_nodes is append-only'); END;
