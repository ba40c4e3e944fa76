import { createServiceApp } from "../../../shared/http/service";
import { registerConnect } from "./routes/connect";
import { registerMessages } from "./routes/messages";
import { registerPublish } from "./routes/publish";
import { registerRoomList } from "./routes/room-list";
import { registerRooms } from "./routes/rooms";
import { registerTokens } from "./routes/tokens";

export { ChatRoom } from "./do/room";
export { ChatShard } from "./do/shard";

const app = createServiceApp<Env>("chat");

registerRooms(app);
registerRoomList(app);
registerTokens(app);
registerConnect(app);
registerMessages(app);
registerPublish(app);

export default app satisfies ExportedHandler<Env>;
