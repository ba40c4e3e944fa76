import { createServiceApp } from "../../../shared/http/service";
import { registerConnect } from "./routes/connect";
import { registerMessages } from "./routes/messages";
import { registerRooms } from "./routes/rooms";
import { registerTokens } from "./routes/tokens";

export { ChatRoom } from "./do/room";
export { ChatShard } from "./do/shard";

const app = createServiceApp<Env>("chat");

registerRooms(app);
registerTokens(app);
registerConnect(app);
registerMessages(app);

export default app satisfies ExportedHandler<Env>;
