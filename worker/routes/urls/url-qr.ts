// GET /urls/{id}/qr.svg and /urls/{id}/qr.png: a link's QR code, for its owner (or the admin key).
// There is no public QR endpoint: only a link's owner renders its codes.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { QrQuery } from "../../contracts/qr-query";
import { IdParam } from "../../lib/validation";
import { type QrFormat, renderUrlQr } from "../../services/urls/qr-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";

const CONTENT_TYPES: Record<QrFormat, string> = { svg: "image/svg+xml", png: "image/png" };

function qrRoute(format: QrFormat) {
  return createRoute({
    method: "get",
    path: `/urls/{id}/qr.${format}`,
    ...requires("links:read"),
    tags: ["urls"],
    request: { params: z.object({ id: IdParam }), query: QrQuery },
    responses: {
      200: {
        description: `The link's QR code as ${format.toUpperCase()}: the short URL with ls_src=qr`,
        content: { [CONTENT_TYPES[format]]: { schema: z.string().openapi({ format: "binary" }) } },
      },
      304: { description: "Unchanged since the ETag given in If-None-Match" },
      400: errorResponse("A parameter out of range, or colours that would not scan"),
      404: errorResponse("No such url"),
    },
  });
}

export function registerUrlQr(app: OpenAPIHono<AppEnv>) {
  for (const format of ["svg", "png"] as const) {
    app.openapi(qrRoute(format), async (c) => {
      const image = await renderUrlQr(
        c.var,
        c.req.valid("param").id,
        format,
        c.req.valid("query"),
        new URL(c.req.url).origin,
        c.req.header("If-None-Match"),
      );
      const headers: Record<string, string> = {
        ETag: image.etag,
        "Cache-Control": "private, max-age=86400",
        // Drawn here from validated numbers and colours only; nothing in it may run or load.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      };
      if (image.body === undefined) return c.body(null, 304, headers);
      return c.body(image.body, 200, { ...headers, "Content-Type": CONTENT_TYPES[format] });
    });
  }
}
