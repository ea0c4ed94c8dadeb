// GET /urls/{id}/clicks.csv: a link's stored clicks in a window, streamed as CSV (or NDJSON), oldest
// first; its owner or the admin.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { TIME_OR_DATE, timeQuery } from "../../contracts/time-query";
import { IdParam } from "../../lib/validation";
import type { ClickClass } from "../../services/clicks/click";
import { exportClicksFor } from "../../services/exports/export-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";
import { DOWNLOAD_CONTENT, downloadHeaders, ExportFormatQuery } from "./export-urls";

const CLICK_CLASSES = ["human", "bot", "preview", "head", "prefetch"] as const satisfies readonly ClickClass[];

/** The window, class and format of a link's clicks export (the web app's download takes the same). */
export const ClickExportQuery = z
  .object({
    from: timeQuery("from").openapi({ description: `Clicks at or after: ${TIME_OR_DATE}` }),
    to: timeQuery("to").openapi({ description: `Clicks before (exclusive): ${TIME_OR_DATE}` }),
    class: z
      .enum(CLICK_CLASSES, { error: `class must be one of ${CLICK_CLASSES.join(", ")}` })
      .optional()
      .openapi({ description: "Only clicks of this class (human: people)" }),
    format: ExportFormatQuery,
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from < query.to, { message: "from must be before to" });

const route = createRoute({
  method: "get",
  path: "/urls/{id}/clicks.csv",
  ...requires("analytics:read"),
  tags: ["urls"],
  request: { params: z.object({ id: IdParam }), query: ClickExportQuery },
  responses: {
    200: {
      description: "The clicks, streamed (no IP address or user agent is stored, so none is exported)",
      content: DOWNLOAD_CONTENT,
    },
    400: errorResponse("An invalid window, class or format"),
    404: errorResponse("No such url"),
  },
});

export function registerExportClicks(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const urlId = c.req.valid("param").id;
    const stream = await exportClicksFor(
      c.var,
      { urlId, from: query.from, to: query.to, clickClass: query.class },
      query.format,
    );
    return c.body(stream, 200, downloadHeaders(query.format, `linkscope-url-${urlId}-clicks`));
  });
}
