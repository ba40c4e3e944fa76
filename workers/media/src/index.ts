import { createServiceApp } from "../../../shared/http/service";

const app = createServiceApp<Env>("media");

export default app satisfies ExportedHandler<Env>;
