import { createServiceApp } from "../../../shared/http/service";

const app = createServiceApp<Env>("ip");

export default app satisfies ExportedHandler<Env>;
