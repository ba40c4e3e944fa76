import { createServiceApp } from "../../../shared/http/service";
import { registerHeartbeat } from "./routes/heartbeat";
import { registerNearest } from "./routes/nearest";
import { registerNodes } from "./routes/nodes";
import { registerPolicies } from "./routes/policies";

export { MediaRegistry } from "./do/registry";

const app = createServiceApp<Env>("media", { db: false });

registerNodes(app);
registerHeartbeat(app);
registerNearest(app);
registerPolicies(app);

export default app satisfies ExportedHandler<Env>;
