import { createServiceApp } from "../../../shared/http/service";

const app = createServiceApp<Env>("chat");

export default app satisfies ExportedHandler<Env>;
