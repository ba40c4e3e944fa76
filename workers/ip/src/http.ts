import { createServiceApp } from "../../../shared/http/service";
import { registerAdminMarks } from "./routes/admin-marks";
import { registerAdminOwnership } from "./routes/admin-ownership";
import { registerAssets } from "./routes/assets";
import { registerCases } from "./routes/cases";
import { registerClearance } from "./routes/clearance";
import { registerComplaints } from "./routes/complaints";
import { registerDeadlineFeeds } from "./routes/deadline-feeds";
import { registerDeadlines } from "./routes/deadlines";
import { registerEnforcementLists } from "./routes/enforcement-lists";
import { registerEvidence } from "./routes/evidence";
import { registerLedger } from "./routes/ledger";

/** The ip service's HTTP surface, apart from the entrypoint so tests can run it over an instrumented env. */
export const app = createServiceApp<Env>("ip");
registerAssets(app);
registerDeadlines(app);
registerDeadlineFeeds(app);
registerClearance(app);
registerAdminMarks(app);
registerAdminOwnership(app);
registerEvidence(app);
registerLedger(app);
registerCases(app);
registerComplaints(app);
registerEnforcementLists(app);
