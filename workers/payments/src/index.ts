import { createServiceApp } from "../../../shared/http/service";

const app = createServiceApp<Env>("payments");

export default app satisfies ExportedHandler<Env>;
