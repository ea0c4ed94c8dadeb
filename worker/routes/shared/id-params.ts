// The path params of a route on /<resource>/{id}: one object, shared by every such route.
import { z } from "@hono/zod-openapi";
import { IdParam } from "../../lib/validation";

export const IdParams = z.object({ id: IdParam });
