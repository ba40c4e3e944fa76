import { createServiceApp } from "../../../shared/http/service";

const app = createServiceApp<Env>("catalog");

export default app satisfies ExportedHandler<Env>;
