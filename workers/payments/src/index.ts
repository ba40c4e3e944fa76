import { createServiceApp } from "../../../shared/http/service";
import { registerAdminSimulator } from "./routes/admin-simulator";
import { registerCancelIntent } from "./routes/cancel-intent";
import { registerCaptureIntent } from "./routes/capture-intent";
import { registerConfirmIntent } from "./routes/confirm-intent";
import { registerCreateIntent } from "./routes/create-intent";
import { registerGetIntent } from "./routes/get-intent";
import { registerGetRouting } from "./routes/get-routing";
import { registerListIntents } from "./routes/list-intents";
import { registerListMethods } from "./routes/list-methods";
import { registerListProviders } from "./routes/list-providers";
import { registerPutRouting } from "./routes/put-routing";
import { registerRefundIntent } from "./routes/refund-intent";
import { registerWebhooks } from "./routes/webhooks";

export { ProviderHealth } from "./do/provider-health";

const app = createServiceApp<Env>("payments");
registerListMethods(app);
registerPutRouting(app);
registerGetRouting(app);
registerCreateIntent(app);
registerListIntents(app);
registerGetIntent(app);
registerConfirmIntent(app);
registerCaptureIntent(app);
registerCancelIntent(app);
registerRefundIntent(app);
registerWebhooks(app);
registerListProviders(app);
registerAdminSimulator(app);

export default app satisfies ExportedHandler<Env>;
