import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCreateEvent } from "./create-event";
import { registerGetEvent } from "./get-event";
import { registerListEvents } from "./list-events";

export function registerEventRoutes(app: OpenAPIHono<AppEnv>) {
  registerListEvents(app);
  registerCreateEvent(app);
  registerGetEvent(app);
}
